package studio.ainative.chat.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Group commit of what a completion leaves to write after its answer (its usage record, its tokens): at most one
 * write in flight per key (a caller). An item of an idle key is written at once; items of a key whose write is
 * still running wait and go together in its next write. So the writes per completion fall as the load rises,
 * where one write per completion would only queue up for the connection pool.
 *
 * <p>Waiting items are bounded ({@code maxWaiting} for all keys together): past that an item is refused and
 * {@code onRefused} runs, so a store slower than the traffic cannot exhaust memory. A write runs on the Vert.x
 * context it was submitted from, and the next one of its key on the same context.
 *
 * @param <K> the key writes are grouped by (one in flight each)
 * @param <T> what is written
 */
public final class GroupCommit<K, T> {

    private final int maxWaiting;
    private final BiFunction<K, List<T>, Uni<Void>> write;
    private final Runnable onRefused;
    /** The keys with a write in flight, and the items waiting for their next one. Guarded by {@code this}. */
    private final Map<K, List<T>> waiting = new HashMap<>();
    private int waitingCount;

    /** @param write writes one key's items; its failure is its own business (logged, counted), never retried here */
    public GroupCommit(int maxWaiting, BiFunction<K, List<T>, Uni<Void>> write, Runnable onRefused) {
        this.maxWaiting = maxWaiting;
        this.write = write;
        this.onRefused = onRefused;
    }

    /** Writes {@code item} now, or with its key's next write if one is running. */
    public void submit(K key, T item) {
        synchronized (this) {
            List<T> queue = waiting.get(key);
            if (queue != null) {
                if (waitingCount >= maxWaiting) {
                    onRefused.run();
                    return;
                }
                queue.add(item);
                waitingCount++;
                return;
            }
            waiting.put(key, new ArrayList<>());
        }
        run(key, List.of(item));
    }

    private void run(K key, List<T> items) {
        Context context = Vertx.currentContext();
        Uni.createFrom().deferred(() -> write.apply(key, items)).subscribe().with(done -> next(key, context), failure -> next(key, context));
    }

    /** The key's waiting items in one more write, on the context the last one ran on; or the key is idle again. */
    private void next(K key, Context context) {
        List<T> items;
        synchronized (this) {
            items = waiting.get(key);
            if (items.isEmpty()) {
                waiting.remove(key);
                return;
            }
            waiting.put(key, new ArrayList<>());
            waitingCount -= items.size();
        }
        if (context == null) {
            run(key, items);
        } else {
            context.runOnContext(ignored -> run(key, items));
        }
    }
}
