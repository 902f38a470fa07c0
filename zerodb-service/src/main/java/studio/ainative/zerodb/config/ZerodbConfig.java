package studio.ainative.zerodb.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Typed configuration of zerodb-service, everything under {@code zerodb.*}. */
@ConfigMapping(prefix = "zerodb")
public interface ZerodbConfig {

    Search search();

    Limits limits();

    Files files();

    Rls rls();

    Cursor cursor();

    interface Search {
        /** The coarse (binary code) pass keeps {@code top_k × oversample} candidates for exact re-scoring. */
        @WithDefault("10")
        int oversample();

        /**
         * ...but never fewer than this many: on all-MiniLM-L6-v2 codes 200 give recall@10 ≈ 0.975 over a whole namespace,
         * 300 ≈ 0.988, 400 ≈ 0.99; with packed lists 300 keep the probed lists' recall near 0.98 (bench/zerodb/README.md).
         */
        @WithDefault("300")
        int minCandidates();

        /** ...and never more than this many. */
        @WithDefault("2000")
        int maxCandidates();

        /** IVF-style partitioning of large namespaces (README, "Vector search on core PostgreSQL"). */
        Ivf ivf();
    }

    interface Ivf {
        /** Off: every search scans its namespace flat and no centroids are trained. */
        @WithDefault("true")
        boolean enabled();

        /** A namespace gets centroids once it holds this many vectors; below it the flat scan is as fast. */
        @WithDefault("20000")
        long trainThreshold();

        /** ...and new ones when it has grown this many times since they were trained. */
        @WithDefault("2")
        double retrainGrowth();

        /** Lists (centroids) of a training; empty: one per vectors-per-list vectors, within [sqrt(n), max-lists]. */
        Optional<Integer> lists();

        @WithDefault("100")
        int vectorsPerList();

        @WithDefault("2048")
        int maxLists();

        /**
         * Lists a search probes: those of the centroids nearest the query (each vector sits in its two nearest lists).
         * The trade of latency for recall, measured in bench/zerodb/README.md.
         */
        @WithDefault("120")
        int nprobe();

        /**
         * A search scans half of its probed lists on its own connection and the other half at the same time on a free
         * connection of the {@code search} datasource (its size bounds how many searches do so at once), when one is free;
         * otherwise in one statement on its own.
         */
        @WithDefault("true")
        boolean split();

        /**
         * Once a namespace's rows are all assigned to its current centroids, pack each list's ids and codes into one row,
         * which project-wide searches read and rank in the service (README, "Packed lists").
         */
        @WithDefault("true")
        boolean packed();

        /** Pack again once this many rows were written since the last packing... */
        @WithDefault("1000")
        long packMinTail();

        /** ...and at least this fraction of the vectors the centroids were trained on. */
        @WithDefault("0.05")
        double packTailFraction();

        /** Training sample: this many vectors per list... */
        @WithDefault("24")
        int samplePerList();

        /** ...at most this many in all (they are held in memory while k-means runs). */
        @WithDefault("40000")
        int maxSample();

        /** k-means rounds. */
        @WithDefault("6")
        int iterations();

        /** Rows reassigned to the current centroids per transaction after a retrain. */
        @WithDefault("500")
        int reassignBatch();

        /** After writes to a namespace, this replica checks whether it needs training or reassignment at most this often. */
        @WithDefault("5s")
        Duration checkInterval();

        /** Namespaces whose centroids this replica keeps in memory (least recently used beyond). */
        @WithDefault("16")
        int cachedNamespaces();

        /**
         * Packed lists this replica keeps in memory, by their size (ids and codes; least recently used beyond): a pack
         * never changes once written, so a search reads from PostgreSQL only the packs it has not read lately. 0: none.
         */
        @WithDefault("32M")
        io.quarkus.runtime.configuration.MemorySize packCacheSize();
    }

    interface Limits {
        @WithDefault("4096")
        int maxDimensions();

        /** Vectors in one upsert-batch. */
        @WithDefault("1000")
        int maxBatch();

        @WithDefault("100")
        int maxTopK();

        /** Nesting of a metadata filter: each object level and each $and/$or level counts. */
        @WithDefault("8")
        int maxFilterDepth();

        /** Conditions in one filter. */
        @WithDefault("64")
        int maxFilterTerms();

        /** Serialized size of one vector's metadata. */
        @WithDefault("40960")
        int maxMetadataBytes();

        /** UTF-8 size of one vector's document. */
        @WithDefault("65536")
        int maxDocumentBytes();

        /** Serialized size of one table row. */
        @WithDefault("1048576")
        int maxRowBytes();

        /** Page size bound of list endpoints and table queries. */
        @WithDefault("1000")
        int maxPageSize();

        /** Declared Content-Length bound of an upsert-batch body, the largest JSON body. */
        @WithDefault("32M")
        io.quarkus.runtime.configuration.MemorySize maxJsonBody();

        /**
         * Declared Content-Length bound of every other JSON body: one vector, a search, a table row (1 MiB
         * serialized, more as escaped JSON), a query.
         */
        @WithDefault("4M")
        io.quarkus.runtime.configuration.MemorySize maxRequestBody();
    }

    interface Files {
        /** Largest file accepted (bytes). quarkus.http.limits.max-body-size must leave room for it plus multipart framing. */
        @WithDefault("25M")
        io.quarkus.runtime.configuration.MemorySize maxBytes();

        /** Size of one stored chunk: uploads are written and downloads read one chunk at a time. */
        @WithDefault("256K")
        io.quarkus.runtime.configuration.MemorySize chunkBytes();
    }

    interface Rls {
        /**
         * How long a project's RLS setting is reused in-process. A change made through this replica applies
         * at once; other replicas pick it up within this time.
         */
        @WithDefault("1s")
        Duration settingsTtl();
    }

    interface Cursor {
        /**
         * HMAC-SHA256 key of page cursors, at least 32 characters. Unset: a random key per process, so
         * several replicas behind one load balancer must set the same key.
         */
        Optional<String> key();
    }
}
