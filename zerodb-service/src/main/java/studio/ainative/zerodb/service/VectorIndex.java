package studio.ainative.zerodb.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import studio.ainative.platform.vectors.CoarseLists;
import studio.ainative.zerodb.config.ZerodbConfig;
import studio.ainative.zerodb.repository.VectorIndexRepository;
import studio.ainative.zerodb.repository.VectorIndexRepository.IndexState;
import studio.ainative.zerodb.repository.VectorIndexRepository.StaleRow;
import studio.ainative.zerodb.repository.VectorRepository.ListAssignment;
import studio.ainative.zerodb.repository.VectorWrite;
import studio.ainative.zerodb.security.ZerodbTransactions;

/**
 * IVF-style lists of large namespaces: the centroids of each namespace's current version (cached in this replica,
 * loaded again when a request's transaction reads a newer version), the list of each vector written, and the
 * maintenance that trains centroids when a namespace grows past {@code zerodb.search.ivf.train-threshold} (again
 * when it has grown {@code retrain-growth} times) and reassigns rows left under an older version.
 *
 * <p><b>Privileges.</b> Maintenance reads a whole namespace (a sample for k-means, then every row to reassign) and
 * writes centroids, the namespace's version and the code rows' lists. It runs as the same runtime role as requests
 * (never the owner, never BYPASSRLS) in a transaction whose RLS context is mode {@code project} for the one project
 * whose write triggered it, with no end user: what that project's API key may read and write, and nothing of any
 * other project, which PostgreSQL's policies enforce. The centroids are means of the project's vectors; they never
 * leave the service (no endpoint returns them) and only steer which lists a search reads; results stay filtered by
 * the caller's policies.
 *
 * <p><b>Never hiding a vector.</b> A search probes lists of the version it read and scans every row assigned under
 * any other version in full, so a row is findable whichever version it carries; reassignment only ever moves a row
 * from "scanned in full" to a list of the current version, and skips a row that changed since it was read.
 */
@ApplicationScoped
public class VectorIndex {

    private static final Logger LOG = Logger.getLogger(VectorIndex.class);

    private record Key(UUID projectId, String namespace) {
    }

    private record Cached(int version, CoarseLists lists) {
    }

    /** Per namespace: what this replica knows of its size, and when it last checked. */
    private static final class Tracker {
        long knownVectors = -1;
        long writtenSince;
        long lastCheck = Long.MIN_VALUE / 2;
        int checksSinceCount;
        boolean running;
        boolean writtenDuringRun;
        boolean scheduled;
    }

    private final ZerodbTransactions transactions;
    private final VectorIndexRepository repository;
    private final ZerodbConfig.Ivf config;
    private final Map<Key, Cached> cache;
    private final Map<Key, Tracker> trackers = new ConcurrentHashMap<>();
    /** k-means and reassignment run here, one at a time, never on an event loop. */
    private final ExecutorService maintenance = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "zerodb-vector-index");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });

    /** Delayed checks (writes that arrived during maintenance). */
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "zerodb-vector-index-checks");
        thread.setDaemon(true);
        return thread;
    });

    public VectorIndex(ZerodbTransactions transactions, VectorIndexRepository repository, ZerodbConfig config) {
        this.transactions = transactions;
        this.repository = repository;
        this.config = config.search().ivf();
        int capacity = Math.max(1, this.config.cachedNamespaces());
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > capacity;
            }
        });
    }

    @PreDestroy
    void stop() {
        later.shutdownNow();
        maintenance.shutdownNow();
    }

    public boolean enabled() {
        return config.enabled();
    }

    public int nprobe() {
        return Math.max(1, config.nprobe());
    }

    /** Whether searches read packed lists where a namespace has them (see {@code VectorService}). */
    public boolean packed() {
        return config.packed();
    }

    /** Whether a search splits its probed lists over two connections (see {@code VectorService}). */
    public boolean split() {
        return config.split();
    }

    /** The centroids of {@code version} of the namespace (from this replica's cache, else read in {@code tx}); empty at version 0 or when that version is gone. */
    public Uni<Optional<CoarseLists>> lists(SqlConnection tx, UUID projectId, String namespace, int version) {
        if (version == 0) {
            return Uni.createFrom().item(Optional.empty());
        }
        Key key = new Key(projectId, namespace);
        Cached cached = cache.get(key);
        if (cached != null && cached.version == version) {
            return Uni.createFrom().item(Optional.of(cached.lists));
        }
        return repository.centroids(tx, projectId, namespace, version).invoke(found -> found.ifPresent(lists -> {
            synchronized (cache) {
                Cached now = cache.get(key);
                if (now == null || now.version < version) {
                    cache.put(key, new Cached(version, lists));
                }
            }
        }));
    }

    /**
     * Each write's list under its namespace's current version ({@code versions}: namespace to version, read in
     * {@code tx}); computed on a worker thread (a batch of 1,000 against 1,000 centroids is some 10^8 operations).
     * A namespace without centroids, or whose version is gone meanwhile, leaves its vectors unassigned (version 0),
     * which searches scan in full until maintenance assigns them.
     */
    public Uni<Map<String, ListAssignment>> assign(SqlConnection tx, UUID projectId, List<VectorWrite> writes, Map<String, Integer> versions) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Map.of());
        }
        Uni<Map<String, Optional<CoarseLists>>> loaded = Uni.createFrom().item(new HashMap<>());
        for (Map.Entry<String, Integer> entry : versions.entrySet()) {
            if (entry.getValue() > 0) {
                loaded = loaded.chain(map -> lists(tx, projectId, entry.getKey(), entry.getValue()).map(found -> {
                    map.put(entry.getKey(), found);
                    return map;
                }));
            }
        }
        return loaded.chain(byNamespace -> {
            if (byNamespace.values().stream().noneMatch(Optional::isPresent)) {
                return Uni.createFrom().item(Map.<String, ListAssignment>of());
            }
            return Uni.createFrom().item(() -> {
                Map<String, ListAssignment> out = new HashMap<>();
                for (VectorWrite w : writes) {
                    Optional<CoarseLists> lists = byNamespace.getOrDefault(w.namespace(), Optional.empty());
                    if (lists.isPresent() && lists.get().dims() == w.vector().dims()) {
                        int[] two = lists.get().nearestTwo(w.vector().vector());
                        out.put(w.id(), new ListAssignment(versions.get(w.namespace()), two[0], two[1]));
                    }
                }
                return out;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    // ------------------------------------------------------------------------------------------
    // Maintenance
    // ------------------------------------------------------------------------------------------

    /** After a committed write of {@code created} new vectors to a namespace: check it, at most once per check interval, in the background. */
    public void written(UUID projectId, String namespace, int created) {
        if (!config.enabled()) {
            return;
        }
        Key key = new Key(projectId, namespace);
        Tracker tracker = trackers.computeIfAbsent(key, k -> new Tracker());
        boolean countAll;
        synchronized (tracker) {
            tracker.writtenSince += created;
            long now = System.nanoTime();
            if (tracker.running) {
                tracker.writtenDuringRun = true;   // finish() checks again for it
                return;
            }
            long wait = tracker.lastCheck + config.checkInterval().toNanos() - now;
            if (wait > 0) {
                // Checked a moment ago: check again once the interval is over, so the last writes of a burst count too.
                if (!tracker.scheduled && !later.isShutdown()) {
                    tracker.scheduled = true;
                    later.schedule(() -> {
                        synchronized (tracker) {
                            tracker.scheduled = false;
                        }
                        written(projectId, namespace, 0);
                    }, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
            tracker.running = true;
            tracker.lastCheck = now;
            // Count the namespace (the only costly part) when this replica's own writes may have crossed the next
            // trigger, or every twelfth check (writes through other replicas count too).
            countAll = tracker.knownVectors < 0 || ++tracker.checksSinceCount >= 12 || tracker.knownVectors + tracker.writtenSince >= nextTrigger(key);
        }
        maintain(key, tracker, countAll).subscribe().with(
                done -> finish(key, tracker),
                failure -> {
                    LOG.warnf(failure, "vector index maintenance of namespace %s of project %s failed", namespace, projectId);
                    finish(key, tracker);
                });
    }

    /** Writes that came while maintenance ran (which may have left rows under an older version) get a check of their own. */
    private void finish(Key key, Tracker tracker) {
        boolean again;
        synchronized (tracker) {
            tracker.running = false;
            again = tracker.writtenDuringRun;
            tracker.writtenDuringRun = false;
        }
        if (again && !later.isShutdown()) {
            later.schedule(() -> written(key.projectId, key.namespace, 0), config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Vectors at which the namespace is next trained, from what this replica last saw of it. */
    private long nextTrigger(Key key) {
        Cached cached = cache.get(key);
        long trained = trainedCounts.getOrDefault(key, 0L);
        return cached == null && trained == 0 ? config.trainThreshold()
                : Math.max(config.trainThreshold(), (long) Math.ceil(trained * config.retrainGrowth()));
    }

    private final Map<Key, Long> trainedCounts = new ConcurrentHashMap<>();

    private Uni<Void> maintain(Key key, Tracker tracker, boolean countAll) {
        return state(key, countAll)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    IndexState state = found.get();
                    trainedCounts.put(key, state.trainedCount());
                    if (state.vectors() >= 0) {
                        synchronized (tracker) {
                            tracker.knownVectors = state.vectors();
                            tracker.writtenSince = 0;
                            tracker.checksSinceCount = 0;
                        }
                    }
                    if (state.vectors() >= 0 && needsTraining(state)) {
                        return train(key, state).chain(version -> version.isPresent() ? reassign(key, version.get()).chain(() -> packIfDue(key))
                                : Uni.createFrom().voidItem());
                    }
                    return state.version() > 0 && state.stale() > 0 ? reassign(key, state.version()).chain(() -> packIfDue(key))
                            : packIfDue(key, state);
                });
    }

    // ------------------------------------------------------------------------------------------
    // Packed lists
    // ------------------------------------------------------------------------------------------

    /** Lists packed per statement (and transaction). */
    private static final int PACK_LISTS_PER_STATEMENT = 64;
    /** How long a packing waits for the transactions that may still commit rows below its write number. */
    private static final Duration PACK_WAIT = Duration.ofSeconds(30);

    /** Rows written since the last packing that make the next one due. */
    long packThreshold(long trainedCount) {
        return Math.max(1, Math.max(config.packMinTail(), (long) Math.ceil(trainedCount * config.packTailFraction())));
    }

    /**
     * Whether the namespace is due a packing: packing on, every row assigned to the current version, and its packs
     * either of another version (any row at all written since) or {@link #packThreshold} rows behind.
     */
    boolean packDue(IndexState state) {
        if (!config.packed() || state.version() == 0 || state.stale() > 0) {
            return false;
        }
        return state.packedVersion() != state.version() ? state.tail() > 0 : state.tail() >= packThreshold(state.trainedCount());
    }

    private Uni<Void> packIfDue(Key key) {
        return state(key, false).chain(found -> found.isPresent() ? packIfDue(key, found.get()) : Uni.createFrom().voidItem());
    }

    /** The namespace's index state, its rows written since the last packing counted up to the next packing's threshold. */
    private Uni<Optional<IndexState>> state(Key key, boolean countAll) {
        return transactions.runForProject(key.projectId, tx -> repository.state(tx, key.projectId, key.namespace, countAll,
                packThreshold(trainedCounts.getOrDefault(key, 0L))));
    }

    /**
     * Packs every list of the current version through the namespace's highest write number, once no transaction that
     * drew a lower one can still commit, a statement per {@value #PACK_LISTS_PER_STATEMENT} lists, then publishes the
     * packing in one transaction (searches read either the old packs or the new, never part of one).
     */
    private Uni<Void> packIfDue(Key key, IndexState state) {
        if (!packDue(state)) {
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        UUID project = key.projectId;
        return transactions.runForProject(project, tx -> repository.packWatermark(tx, project, key.namespace))
                .chain(mark -> mark.through() == 0 ? Uni.createFrom().voidItem()
                        : finished(key, mark.xmax(), System.nanoTime() + PACK_WAIT.toNanos()).chain(done -> {
                            if (!done) {
                                LOG.infof("vector index: namespace %s of project %s not packed: transactions older than %s still running after %s",
                                        key.namespace, project, mark.xmax(), PACK_WAIT);
                                return Uni.createFrom().voidItem();
                            }
                            int chunks = (state.lists() + PACK_LISTS_PER_STATEMENT - 1) / PACK_LISTS_PER_STATEMENT;
                            return Multi.createFrom().range(0, chunks)
                                    .onItem().transformToUniAndConcatenate(chunk -> transactions.runForProject(project,
                                            tx -> repository.pack(tx, project, key.namespace, state.version(), mark.through(),
                                                    chunk * PACK_LISTS_PER_STATEMENT,
                                                    Math.min(state.lists(), (chunk + 1) * PACK_LISTS_PER_STATEMENT) - 1)))
                                    .collect().with(Collectors.summingInt(Integer::intValue))
                                    .chain(packs -> transactions.runForProject(project, tx -> repository.publishPacks(tx, project,
                                                    key.namespace, state.version(), mark.through(), packs))
                                            .invoke(published -> LOG.infof("vector index: namespace %s of project %s %s: %d lists of version %d "
                                                            + "through write %d in %d ms", key.namespace, project,
                                                    published ? "packed" : "packing dropped (the namespace moved on)", packs,
                                                    state.version(), mark.through(), (System.nanoTime() - started) / 1_000_000)))
                                    .replaceWithVoid();
                        }));
    }

    /** Whether every transaction id below {@code xmax} has finished, asked again every 200 ms until {@code deadline}. */
    private Uni<Boolean> finished(Key key, String xmax, long deadline) {
        return transactions.runForProject(key.projectId, tx -> repository.finishedBefore(tx, xmax))
                .chain(done -> done || System.nanoTime() > deadline ? Uni.createFrom().item(done)
                        : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(200)).chain(() -> finished(key, xmax, deadline)));
    }

    private record Assigned(List<StaleRow> rows, int[][] lists) {
    }

    private static Assigned nearest(CoarseLists lists, List<StaleRow> rows) {
        int[][] assigned = new int[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            float[] embedding = rows.get(i).embedding();
            assigned[i] = embedding.length == lists.dims() ? lists.nearestTwo(embedding) : new int[2];
        }
        return new Assigned(rows, assigned);
    }

    boolean needsTraining(IndexState state) {
        if (state.version() == 0) {
            return state.vectors() >= config.trainThreshold();
        }
        return state.vectors() >= Math.max(config.trainThreshold(), (long) Math.ceil(state.trainedCount() * config.retrainGrowth()));
    }

    /**
     * Lists for {@code vectors}: the configured number, else one per {@code vectors-per-list} vectors, at least the
     * square root of their count and at most {@code max-lists}; at least 1.
     */
    int listCount(long vectors) {
        long byDensity = Math.max(Math.round(Math.sqrt(vectors)), vectors / Math.max(1, config.vectorsPerList()));
        return (int) Math.max(1, config.lists().orElse((int) Math.min(config.maxLists(), byDensity)));
    }

    /** Samples, runs k-means off the event loop, and installs the centroids as the namespace's next version. */
    private Uni<Optional<Integer>> train(Key key, IndexState state) {
        int lists = listCount(state.vectors());
        int sampleSize = (int) Math.min(Math.min(state.vectors(), config.maxSample()), (long) lists * Math.max(1, config.samplePerList()));
        long started = System.nanoTime();
        return transactions.runForProject(key.projectId, tx -> repository.sample(tx, key.projectId, key.namespace, sampleSize))
                .emitOn(maintenance)
                .map(sample -> sample.isEmpty() ? null
                        : CoarseLists.train(sample, lists, config.iterations(), key.hashCode() ^ state.vectors()))
                .chain(trained -> trained == null ? Uni.createFrom().item(Optional.<Integer>empty())
                        : transactions.runForProject(key.projectId,
                                tx -> repository.install(tx, key.projectId, key.namespace, state.version(), trained, state.vectors())))
                .invoke(version -> version.ifPresent(v -> {
                    trainedCounts.put(key, state.vectors());
                    LOG.infof("vector index: namespace %s of project %s trained as version %d: %d lists from %d of %d vectors in %d ms",
                            key.namespace, key.projectId, v, lists, sampleSize, state.vectors(), (System.nanoTime() - started) / 1_000_000);
                }));
    }

    /**
     * Assigns every row of another version a list of {@code version}, a batch per transaction, until none is left or
     * a batch changes nothing (its rows all changed meanwhile: their writers assigned them, or a newer version took over).
     */
    private Uni<Void> reassign(Key key, int version) {
        long started = System.nanoTime();
        int[] total = {0};
        return transactions.runForProject(key.projectId, tx -> lists(tx, key.projectId, key.namespace, version)
                        .chain(found -> found.isEmpty() ? Uni.createFrom().item(0)
                                : repository.stale(tx, key.projectId, key.namespace, version, Math.max(1, config.reassignBatch()))
                                        .emitOn(maintenance)
                                        .map(rows -> nearest(found.get(), rows))
                                        .chain(lists -> repository.reassign(tx, key.projectId, version, lists.rows(), lists.lists()))))
                .invoke(changed -> total[0] += changed)
                .repeat().whilst(changed -> changed > 0)
                .collect().last()
                .invoke(() -> {
                    if (total[0] > 0) {
                        LOG.infof("vector index: namespace %s of project %s: %d vectors assigned to lists of version %d in %d ms",
                                key.namespace, key.projectId, total[0], version, (System.nanoTime() - started) / 1_000_000);
                    }
                })
                .replaceWithVoid();
    }
}
