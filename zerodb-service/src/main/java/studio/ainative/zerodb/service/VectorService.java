package studio.ainative.zerodb.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.embeddings.Embedder;
import studio.ainative.platform.embeddings.EmbeddingFailures;
import studio.ainative.platform.vectors.Candidate;
import studio.ainative.platform.vectors.EncodedVector;
import studio.ainative.platform.vectors.ExactRanking;
import studio.ainative.platform.vectors.PackedCodes;
import studio.ainative.platform.vectors.ScoredId;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.VectorInputs;
import studio.ainative.zerodb.VectorRecord;
import studio.ainative.zerodb.config.ZerodbConfig;
import studio.ainative.zerodb.repository.FilterTranslator;
import studio.ainative.zerodb.repository.NamespaceStats;
import studio.ainative.zerodb.repository.VectorRepository;
import studio.ainative.zerodb.repository.VectorWrite;
import studio.ainative.zerodb.security.Access;
import studio.ainative.zerodb.security.ZerodbTransactions;

/**
 * Upsert, search, read, list and delete vectors. Validation and server-side embedding happen before the
 * transaction opens, so a connection is never held while the model runs.
 */
@ApplicationScoped
public class VectorService {

    public static final String DEFAULT_NAMESPACE = "default";
    static final int MAX_ID_LENGTH = 256;
    private static final java.util.regex.Pattern VECTOR_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:@#+=~-]{1," + MAX_ID_LENGTH + "}");
    /** Ids a vector cannot have: GET /vectors/{id} with them reaches the endpoints of these names instead. */
    static final Set<String> RESERVED_IDS = Set.of("stats", "search", "upsert", "upsert-batch");
    static final int MAX_NAMESPACE_LENGTH = 128;
    static final int DEFAULT_TOP_K = 10;
    static final int DEFAULT_PAGE = 100;
    /** How failing to embed documents (upsert) or a query (search) reaches the client. */
    public static final EmbeddingFailures DOCUMENT_FAILURES =
            new EmbeddingFailures("document_not_embeddable", "documents", "send vector_embedding");
    static final EmbeddingFailures QUERY_FAILURES = new EmbeddingFailures("query_not_embeddable", "query", "send query_vector");

    private final ZerodbTransactions transactions;
    private final VectorRepository vectors;
    private final Embedder embedder;
    private final Cursors cursors;
    private final ZerodbConfig.Limits limits;
    private final ZerodbConfig.Search search;
    private final FilterTranslator filters;
    private final VectorIndex index;
    private final PackCache packs;
    /** Searches by how their coarse pass read the codes: {@code slice}, {@code flat}, {@code lists} or {@code packed}. */
    private final Map<String, Counter> coarsePaths = new java.util.HashMap<>();

    public VectorService(ZerodbTransactions transactions, VectorRepository vectors, Embedder embedder, Cursors cursors,
                         ZerodbConfig config, VectorIndex index, PackCache packs, MeterRegistry metrics) {
        for (String path : List.of("slice", "flat", "lists", "packed")) {
            coarsePaths.put(path, metrics.counter("zerodb.search.coarse", "path", path));
        }
        this.transactions = transactions;
        this.vectors = vectors;
        this.index = index;
        this.packs = packs;
        this.embedder = embedder;
        this.cursors = cursors;
        this.limits = config.limits();
        this.search = config.search();
        this.filters = new FilterTranslator(config.limits().maxFilterDepth(), config.limits().maxFilterTerms());
    }

    // ------------------------------------------------------------------------------------------
    // Upsert
    // ------------------------------------------------------------------------------------------

    /** Upserts all vectors in one transaction: every one is written, or none is. */
    public Uni<List<UpsertOutcome>> upsert(Access access, List<VectorInput> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw ApiException.badRequest("invalid_request", "vectors must hold at least one vector");
        }
        if (inputs.size() > limits.maxBatch()) {
            throw ApiException.badRequest("batch_too_large",
                    "a batch holds at most " + limits.maxBatch() + " vectors; this one has " + inputs.size());
        }
        List<Prepared> prepared = new ArrayList<>(inputs.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            Prepared p = prepare(inputs.get(i), inputs.size() == 1 ? "" : "vectors[" + i + "].");
            if (!ids.add(p.id)) {
                throw ApiException.badRequest("duplicate_vector_id", "vector_id '" + p.id + "' appears more than once in the batch");
            }
            prepared.add(p);
        }
        return embedMissing(prepared).chain(writes -> {
            Map<String, Integer> namespaceDims = batchDimensions(writes);
            return transactions.run(access, tx -> checkNamespaces(tx, access.projectId(), namespaceDims)
                    .chain(versions -> index.assign(tx, access.projectId(), writes, versions))
                    .chain(lists -> write(tx, access, writes, lists)))
                    .invoke(outcomes -> written(access.projectId(), outcomes));
        });
    }

    private record Prepared(String id, double[] embedding, String document, String metadataJson, String namespace) {
    }

    private Prepared prepare(VectorInput input, String prefix) {
        if (input == null) {
            throw ApiException.badRequest("invalid_request", prefix.isEmpty() ? "the body must be a vector" : prefix + " is null");
        }
        String id = input.id() == null ? UUID.randomUUID().toString() : newVectorId(input.id(), prefix + "vector_id");
        String namespace = namespace(input.namespace(), prefix + "namespace");
        if (input.embedding() == null && (input.document() == null || input.document().isBlank())) {
            throw ApiException.badRequest("missing_embedding", prefix + "vector_embedding is required unless a document is given to embed");
        }
        if (input.embedding() != null) {
            checkVector(input.embedding(), prefix + "vector_embedding");
        }
        String document = input.document();
        if (document != null) {
            if (InputRules.utf8Length(document) > limits.maxDocumentBytes()) {
                throw new ApiException(413, "document_too_large", prefix + "document is larger than " + limits.maxDocumentBytes() + " bytes");
            }
            if (document.indexOf('\0') >= 0) {
                throw ApiException.badRequest("invalid_request", prefix + "document must not contain NUL characters");
            }
        }
        String metadata = InputRules.object(input.metadata(), prefix + "vector_metadata", limits.maxMetadataBytes(), "metadata_too_large");
        return new Prepared(id, input.embedding(), document, metadata, namespace);
    }

    /** Finite, within float range, at most max-dimensions components, not all zero. */
    void checkVector(double[] vector, String member) {
        VectorInputs.check(vector, member, limits.maxDimensions());
    }

    /**
     * Ids travel in URL paths ({@code GET /vectors/{id}}), and the gateway refuses encoded slashes and dot
     * segments: letters, digits and {@code _ . : @ # + = ~ -} only, and never "." or "..".
     */
    static String vectorId(String value, String member) {
        if (value == null || !VECTOR_ID.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw ApiException.badRequest("invalid_vector_id", member + " has 1 to " + MAX_ID_LENGTH
                    + " characters: letters, digits and _ . : @ # + = ~ -");
        }
        return value;
    }

    /** An id for a new vector: {@link #vectorId} that is not one of the {@link #RESERVED_IDS}. */
    static String newVectorId(String value, String member) {
        if (RESERVED_IDS.contains(vectorId(value, member))) {
            throw ApiException.badRequest("invalid_vector_id", member + " may not be one of "
                    + String.join(", ", RESERVED_IDS.stream().sorted().toList()) + ": GET /vectors/{id} could not reach it");
        }
        return value;
    }

    private String namespace(String value, String member) {
        return value == null ? DEFAULT_NAMESPACE : InputRules.label(value, member, MAX_NAMESPACE_LENGTH, "invalid_namespace");
    }

    /** Embeds, in one call, the documents of the vectors that came without an embedding. */
    private Uni<List<VectorWrite>> embedMissing(List<Prepared> prepared) {
        List<String> texts = new ArrayList<>();
        for (Prepared p : prepared) {
            if (p.embedding == null) {
                texts.add(p.document);
            }
        }
        Uni<List<float[]>> embedded = texts.isEmpty() ? Uni.createFrom().item(List.of())
                : embed(texts, DOCUMENT_FAILURES);
        return embedded.map(generated -> {
            List<VectorWrite> writes = new ArrayList<>(prepared.size());
            int next = 0;
            for (Prepared p : prepared) {
                float[] vector = p.embedding == null ? generated.get(next++) : VectorInputs.narrow(p.embedding);
                writes.add(new VectorWrite(p.id, p.namespace, EncodedVector.of(vector), p.document, p.metadataJson));
            }
            return writes;
        });
    }

    /** Whatever the embedder fails with becomes a 422 (this text) or a 503 (the embedder), never a 500. */
    private Uni<List<float[]>> embed(List<String> texts, EmbeddingFailures failures) {
        return Uni.createFrom().deferred(() -> embedder.embed(texts)).onFailure().transform(failures::toApi);
    }

    /** One dimension per namespace within the batch too; sorted, so crossing batches create namespaces in one order. */
    private static Map<String, Integer> batchDimensions(List<VectorWrite> writes) {
        Map<String, Integer> dims = new TreeMap<>();
        for (VectorWrite w : writes) {
            Integer seen = dims.putIfAbsent(w.namespace(), w.vector().dims());
            if (seen != null && seen != w.vector().dims()) {
                throw mismatch(w.namespace(), seen, w.vector().dims());
            }
        }
        return dims;
    }

    /** Creates missing namespaces, checks every dimension, and returns each namespace's current centroid version. */
    private Uni<Map<String, Integer>> checkNamespaces(SqlConnection tx, UUID projectId, Map<String, Integer> dims) {
        Map<String, Integer> versions = new TreeMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, Integer> entry : dims.entrySet()) {
            chain = chain.chain(() -> vectors.ensureNamespace(tx, projectId, entry.getKey(), entry.getValue())
                    .invoke(state -> {
                        if (state.dims() != entry.getValue()) {
                            throw mismatch(entry.getKey(), state.dims(), entry.getValue());
                        }
                        versions.put(entry.getKey(), state.ivfVersion());
                    }).replaceWithVoid());
        }
        return chain.replaceWith(versions);
    }

    /** Tells the index how many vectors each namespace gained, once the write is committed. */
    private void written(UUID projectId, List<UpsertOutcome> outcomes) {
        Map<String, Integer> created = new TreeMap<>();
        for (UpsertOutcome o : outcomes) {
            created.merge(o.namespace(), o.created() ? 1 : 0, Integer::sum);
        }
        created.forEach((namespace, count) -> index.written(projectId, namespace, count));
    }

    static ApiException mismatch(String namespace, int expected, int actual) {
        return new ApiException(422, "dimension_mismatch", "namespace '" + namespace + "' holds " + expected
                + "-dimensional vectors; this vector has " + actual + " dimensions");
    }

    /**
     * Writes every vector or none. A caller confined to own rows is refused (403) a visible row of someone else
     * before anything is written; a row it cannot see, or one that appears meanwhile, refuses the upsert (409).
     */
    private Uni<List<UpsertOutcome>> write(SqlConnection tx, Access access, List<VectorWrite> writes,
                                           Map<String, VectorRepository.ListAssignment> lists) {
        Uni<Map<String, String>> visible = access.mode() == RlsMode.PROJECT ? Uni.createFrom().item(Map.of())
                : vectors.visibleOwners(tx, access.projectId(), writes.stream().map(VectorWrite::id).toList());
        return visible.chain(owners -> {
            for (VectorWrite w : writes) {
                String owner = owners.get(w.id());
                if (owner != null && !owner.equals(access.ownerId())) {
                    throw ApiException.forbidden("not_owner", "vector '" + w.id() + "' belongs to another user");
                }
            }
            return vectors.upsert(tx, access.projectId(), access.ownerId(), writes, lists).map(result -> {
                Map<String, VectorRepository.Upserted> done = result.orElseThrow(() -> heldByAnother(writes, owners));
                List<UpsertOutcome> outcomes = new ArrayList<>(writes.size());
                for (VectorWrite w : writes) {
                    outcomes.add(new UpsertOutcome(w.id(), w.namespace(), w.vector().dims(), done.get(w.id()).created()));
                }
                return outcomes;
            });
        });
    }

    /** 409 naming the ids that were not visible before the write: one of them is held by a row the caller may not write. */
    private static ApiException heldByAnother(List<VectorWrite> writes, Map<String, String> visibleOwners) {
        List<String> unseen = writes.stream().map(VectorWrite::id).filter(id -> !visibleOwners.containsKey(id)).sorted().toList();
        if (unseen.size() == 1) {
            return ApiException.conflict("vector_id_conflict", "vector_id '" + unseen.get(0) + "' is already in use");
        }
        String named = String.join(", ", unseen.subList(0, Math.min(5, unseen.size()))) + (unseen.size() > 5 ? ", …" : "");
        return ApiException.conflict("vector_id_conflict", "a vector_id of this batch is already in use (one of " + named + ")");
    }


    // ------------------------------------------------------------------------------------------
    // Search
    // ------------------------------------------------------------------------------------------

    public Uni<SearchResult> search(Access access, SearchQuery query) {
        long started = System.nanoTime();
        boolean hasText = query.text() != null && !query.text().isBlank();
        if (hasText == (query.vector() != null)) {
            throw ApiException.badRequest("invalid_query", "give exactly one of query and query_vector");
        }
        int topK = query.topK() == null ? DEFAULT_TOP_K : query.topK();
        if (topK < 1 || topK > limits.maxTopK()) {
            throw ApiException.badRequest("invalid_top_k", "top_k must be between 1 and " + limits.maxTopK() + "; got " + topK);
        }
        Double threshold = query.threshold();
        if (threshold != null && (threshold.isNaN() || threshold < -1 || threshold > 1)) {
            throw ApiException.badRequest("invalid_threshold", "threshold is a cosine similarity between -1 and 1");
        }
        String namespace = namespace(query.namespace(), "namespace");
        if (query.vector() != null) {
            checkVector(query.vector(), "query_vector");
        } else if (InputRules.utf8Length(query.text()) > limits.maxDocumentBytes()) {
            throw new ApiException(413, "query_too_large", "query is larger than " + limits.maxDocumentBytes() + " bytes");
        }
        if (query.filter() != null && !query.filter().isNull() && !query.filter().isObject()) {
            throw ApiException.badRequest("invalid_filter", "metadata_filter must be a JSON object");
        }
        if (query.filter() != null) {
            InputRules.requireStorable(query.filter(), "metadata_filter", "invalid_filter", "invalid_filter");
        }
        SqlFragment filter = query.filter() == null || query.filter().isEmpty() ? SqlFragment.TRUE
                : filters.translate(query.filter(), VectorRepository.FILTER_COLUMN, VectorRepository.FILTER_FIRST_PARAM);
        int candidates = candidateCount(topK);

        Uni<float[]> queryVector = query.vector() != null ? Uni.createFrom().item(VectorInputs.narrow(query.vector()))
                : embed(List.of(query.text()), QUERY_FAILURES).map(list -> list.get(0));
        return queryVector.chain(q -> transactions.run(access, tx -> vectors.namespaceState(tx, access.projectId(), namespace)
                .chain(state -> {
                    if (state.isEmpty()) {
                        return Uni.createFrom().item(List.<SearchHit>of());
                    }
                    int dims = state.get().dims();
                    if (dims != q.length) {
                        throw new ApiException(422, "dimension_mismatch", "namespace '" + namespace + "' holds " + dims
                                + "-dimensional vectors; the query has " + q.length + " dimensions");
                    }
                    return coarse(tx, access, namespace, state.get(), q, candidates, filter)
                            .chain(found -> rescore(tx, access.projectId(), q, found, topK, threshold));
                })))
                .map(hits -> new SearchResult(hits, (System.nanoTime() - started) / 1_000_000));
    }

    /**
     * The coarse pass. Under strict RLS the policy already limits rows to the caller's; naming the owner too lets the
     * scan read only their slice through the owner index (the flat scan of a slice, fast at any namespace size). A
     * metadata filter also scans flat (a selective filter may leave the probed lists without matches). Otherwise a
     * namespace with centroids has only its probed lists read (and rows not yet assigned to the current version): from
     * its packs where it has them, else row by row.
     */
    private Uni<List<Candidate>> coarse(SqlConnection tx, Access access, String namespace, VectorRepository.NamespaceState state, float[] q,
                                        int candidates, SqlFragment filter) {
        int version = state.ivfVersion();
        if (access.mode() == RlsMode.USER) {
            coarsePaths.get("slice").increment();
            return vectors.candidates(tx, access.projectId(), namespace, access.ownerId(), q, candidates, filter);
        }
        if (!index.enabled() || version == 0 || filter != SqlFragment.TRUE) {
            coarsePaths.get("flat").increment();
            return vectors.candidates(tx, access.projectId(), namespace, null, q, candidates, filter);
        }
        return index.lists(tx, access.projectId(), namespace, version).chain(lists -> {
            if (lists.isEmpty()) {
                coarsePaths.get("flat").increment();
                return vectors.candidates(tx, access.projectId(), namespace, null, q, candidates, filter);
            }
            int[] probes = lists.get().probes(q, index.nprobe());
            boolean packed = index.packed() && state.packed();
            coarsePaths.get(packed ? "packed" : "lists").increment();
            return packed ? packed(tx, access, namespace, state, probes, q, candidates) : inLists(tx, access, namespace, version, probes, q, candidates);
        });
    }

    /**
     * The probed lists from their packs: the packs' codes ranked here ({@link PackedCodes}: a Hamming shortlist, then the
     * query's components against each code's signs), with the nearest codes of the rows the packs do not hold (written
     * since, or of another version) shortlisted by PostgreSQL, both read at once on the request's connection (the packs
     * from this replica's memory where it read them before, {@link PackCache}); then the
     * float vectors of the nearest, read under the caller's policies and still in this namespace (an entry whose row
     * was deleted or moved since the packing is dropped here).
     */
    private Uni<List<Candidate>> packed(SqlConnection tx, Access access, String namespace, VectorRepository.NamespaceState state, int[] probes,
                                        float[] q, int candidates) {
        return Uni.combine().all()
                .unis(packs.packs(tx, access.projectId(), namespace, state.packedThrough(), probes),
                        vectors.tailCodes(tx, access.projectId(), namespace, state.ivfVersion(), state.packedThrough(), probes, q,
                                PackedCodes.shortlist(candidates)))
                .with((probed, tail) -> PackedCodes.nearest(probed, q, candidates, tail))
                .chain(nearest -> vectors.vectorsOf(tx, access.projectId(), namespace, nearest));
    }

    /**
     * The probed lists' scan. With {@code zerodb.search.ivf.split} the lists are dealt alternately (nearest first) into
     * two halves of about the same size, scanned at once: one on the request's connection (with the rows of other
     * centroid versions), the other beside it on a free connection of the search pool, so two PostgreSQL backends do
     * the work. Each half keeps its {@code candidates} nearest codes, so their union holds at least the nearest
     * {@code candidates} of the whole: recall is never lower than one scan's; a row in both halves (its nearest list in
     * one, its second in the other) counts once. Without a free side connection the lists are scanned in one statement
     * on the request's connection, as without the split.
     */
    private Uni<List<Candidate>> inLists(SqlConnection tx, Access access, String namespace, int version, int[] probes, float[] q,
                                         int candidates) {
        Supplier<Uni<List<Candidate>>> whole = () -> vectors.candidatesInLists(tx, access.projectId(), namespace, version, probes, true, q,
                candidates);
        if (!index.split() || probes.length < 2) {
            return whole.get();
        }
        int[] mine = new int[(probes.length + 1) / 2];
        int[] other = new int[probes.length / 2];
        for (int i = 0; i < probes.length; i++) {
            (i % 2 == 0 ? mine : other)[i / 2] = probes[i];
        }
        return transactions.beside(access, side -> Uni.combine().all()
                .unis(vectors.candidatesInLists(tx, access.projectId(), namespace, version, mine, true, q, candidates),
                        vectors.candidatesInLists(side, access.projectId(), namespace, version, other, false, q, candidates))
                .with((a, b) -> {
                    Map<String, Candidate> union = new LinkedHashMap<>(a.size() + b.size());
                    for (Candidate c : a) {
                        union.put(c.id(), c);
                    }
                    for (Candidate c : b) {
                        union.putIfAbsent(c.id(), c);
                    }
                    return List.copyOf(union.values());
                }), whole);
    }

    /** Exact cosine over the candidates, best first (ties by id), then their documents and metadata. */
    private Uni<List<SearchHit>> rescore(SqlConnection tx, UUID projectId, float[] query, List<Candidate> candidates, int topK,
                                         Double threshold) {
        List<ScoredId> top = ExactRanking.top(query, candidates, threshold, topK);
        return vectors.details(tx, projectId, top.stream().map(ScoredId::id).toList()).map(details -> {
            List<SearchHit> hits = new ArrayList<>(top.size());
            for (ScoredId s : top) {
                VectorRecord record = details.get(s.id());
                if (record != null) {
                    hits.add(new SearchHit(record, s.similarity()));
                }
            }
            return hits;
        });
    }

    // ------------------------------------------------------------------------------------------
    // Read, list, delete, stats
    // ------------------------------------------------------------------------------------------

    public Uni<VectorRecord> get(Access access, String id) {
        String vectorId = pathId(id);
        return transactions.run(access, tx -> vectors.find(tx, access.projectId(), vectorId))
                .map(found -> found.orElseThrow(() -> notFound(vectorId)));
    }

    /** Deletes a vector the caller may write; 404 when they cannot see it, 403 when they see but may not write it. */
    public Uni<Void> delete(Access access, String id) {
        String vectorId = pathId(id);
        return transactions.run(access, tx -> vectors.visibleOwners(tx, access.projectId(), List.of(vectorId))
                .chain(owners -> {
                    String owner = owners.get(vectorId);
                    if (owner == null) {
                        throw notFound(vectorId);
                    }
                    if (access.mode() != RlsMode.PROJECT && !owner.equals(access.ownerId())) {
                        throw ApiException.forbidden("not_owner", "vector '" + vectorId + "' belongs to another user");
                    }
                    return vectors.delete(tx, access.projectId(), vectorId);
                })).invoke(deleted -> {
                    if (!deleted) {
                        throw notFound(vectorId);
                    }
                }).replaceWithVoid();
    }

    public Uni<Page<VectorRecord>> list(Access access, String namespace, Integer limit, String cursor) {
        String ns = namespace(namespace, "namespace");
        int size = pageSize(limit);
        String scope = "vectors:" + access.projectId() + ":" + ns;
        String after = cursorPosition(cursors.decode(scope, cursor));
        return transactions.run(access, tx -> vectors.list(tx, access.projectId(), ns, after, size + 1))
                .map(rows -> rows.size() > size
                        ? new Page<>(rows.subList(0, size), cursors.encode(scope, rows.get(size - 1).id()))
                        : new Page<>(rows, null));
    }

    /** A listing cursor holds the last vector id of its page, which is a valid id or the cursor is not ours. */
    private static String cursorPosition(String position) {
        if (position != null && !VECTOR_ID.matcher(position).matches()) {
            throw Cursors.invalid();
        }
        return position;
    }

    public Uni<List<NamespaceStats>> stats(Access access) {
        return transactions.run(access, tx -> vectors.stats(tx, access.projectId()));
    }

    int pageSize(Integer limit) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > limits.maxPageSize()) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + limits.maxPageSize());
        }
        return size;
    }

    /** An id from a path that no vector can have is simply not found. */
    private static String pathId(String id) {
        try {
            return vectorId(id, "vector_id");
        } catch (ApiException e) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("vector_not_found", "vector '" + id + "' not found");
    }

    /** How many candidates the coarse pass keeps for a top_k: oversampled, within [min, max] candidates. */
    int candidateCount(int topK) {
        return Math.min(search.maxCandidates(), Math.max(search.minCandidates(), topK * search.oversample()));
    }
}
