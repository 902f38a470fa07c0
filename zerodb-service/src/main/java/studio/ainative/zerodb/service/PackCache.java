package studio.ainative.zerodb.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import studio.ainative.platform.vectors.PackedCodes;
import studio.ainative.zerodb.config.ZerodbConfig;
import studio.ainative.zerodb.repository.VectorRepository;

/**
 * The packed lists this replica read lately. A pack is written once, under the write number its packing runs through,
 * and never changed (a new packing writes new rows under a new number, and a search learns which packing is current
 * from the namespace row it reads in its own transaction), so a pack read once can be used until evicted; at 100,000
 * vectors a namespace's packs are about 12 MB. Reading 120 of them from PostgreSQL (their TOAST chunks, the transfer,
 * the driver's copies) was about a third of a search's time (bench/zerodb/README.md).
 *
 * <p><b>RLS.</b> PostgreSQL lets the {@code project} and {@code owner_write} modes read a project's packs, and only
 * those modes' searches read packs (a strict user's search scans their own slice). An entry is keyed by the project,
 * the namespace, the packing and the list, so it is only ever used for searches of the project that read it, in a mode
 * that could have read it itself. A pack holds ids and sign codes only; the candidates' vectors, documents and metadata
 * are read afterwards under the caller's policies, so a row the caller may not see, or deleted since, never reaches
 * an answer.
 */
@ApplicationScoped
public class PackCache {

    private record Key(UUID projectId, String namespace, long packedThrough, int list) {
    }

    /** About what an entry holds besides its arrays: the key, the record, the arrays' headers, the cache's node. */
    private static final int ENTRY_OVERHEAD_BYTES = 160;

    private final VectorRepository repository;
    private final Cache<Key, PackedCodes.Pack> cache;
    private final Counter hits;
    private final Counter misses;

    public PackCache(VectorRepository repository, ZerodbConfig config, MeterRegistry metrics) {
        this.repository = repository;
        long bytes = config.search().ivf().packCacheSize().asLongValue();
        this.cache = bytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(bytes)
                .weigher((Key key, PackedCodes.Pack pack) -> ENTRY_OVERHEAD_BYTES + key.namespace().length() + pack.ids().length
                        + pack.codes().length)
                .executor(Runnable::run) // its upkeep on the calling event loop, in small batches, not a pool thread
                .build();
        this.hits = metrics.counter("zerodb.search.packs", "source", "memory");
        this.misses = metrics.counter("zerodb.search.packs", "source", "database");
    }

    /** The packs of the probed lists of the packing through {@code packedThrough}: from memory, and the rest read in {@code tx}. */
    public Uni<List<PackedCodes.Pack>> packs(SqlConnection tx, UUID projectId, String namespace, long packedThrough, int[] probes) {
        if (cache == null) {
            misses.increment(probes.length);
            return repository.packs(tx, projectId, namespace, packedThrough, probes).map(found -> found.stream().map(VectorRepository.ListPack::pack).toList());
        }
        List<PackedCodes.Pack> out = new ArrayList<>(probes.length);
        int[] missing = new int[probes.length];
        int missed = 0;
        for (int list : probes) {
            PackedCodes.Pack pack = cache.getIfPresent(new Key(projectId, namespace, packedThrough, list));
            if (pack == null) {
                missing[missed++] = list;
            } else {
                out.add(pack);
            }
        }
        hits.increment(probes.length - missed);
        if (missed == 0) {
            return Uni.createFrom().item(out);
        }
        misses.increment(missed);
        int[] toRead = Arrays.copyOf(missing, missed);
        // Only packs found are kept. A list without one (no rows) is asked for again: an absence is not remembered,
        // since a read that saw none for any other reason must not hide the pack from later searches.
        return repository.packs(tx, projectId, namespace, packedThrough, toRead).map(found -> {
            for (VectorRepository.ListPack listPack : found) {
                cache.put(new Key(projectId, namespace, packedThrough, listPack.list()), listPack.pack());
                out.add(listPack.pack());
            }
            return out;
        });
    }
}
