package studio.ainative.chat.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Group commit of what a completion leaves to write after its answer (its usage record, its tokens): at most one
 * write in flight per key (a caller). A key's write starts {@code delay} after its first item arrives, and takes
 * every item that arrived until then; items arriving while it runs wait for the key's next write, which starts
 * {@code delay} after it ends. So a busy caller's completions share writes, and the writes per completion fall as
 * the load rises, where one write per completion would only queue up for the connection pool. A zero delay
 * writes an idle key's item at once.
 *
 * <p>Waiting items are bounded ({@code maxWaiting} for all keys together): past that an item is refused and
 * {@code onRefused} runs, so a store slower than the traffic cannot exhaust memory. Writes run on the Vert.x
 * context their key's first item was submitted from (without one, at once on the calling thread).
 *
 * @param <K> the key writes are grouped by (one in flight each)
 * @param <T> what is written
 */
public final class GroupCommit<K, T> {

    private final int maxWaiting;
    private final long delayMillis;
    private final BiFunction<K, List<T>, Uni<Void>> write;
    private final Runnable onRefused;
    /** The keys that are not idle (a write due or in flight), and their items waiting for the next one. Guarded by {@code this}. */
    private final Map<K, List<T>> waiting = new HashMap<>();
    private int waitingCount;

    /** @param write writes one key's items; its failure is its own business (logged, counted), never retried here */
    public GroupCommit(int maxWaiting, Duration delay, BiFunction<K, List<T>, Uni<Void>> write, Runnable onRefused) {
        this.maxWaiting = maxWaiting;
        this.delayMillis = delay.toMillis();
        this.write = write;
        this.onRefused = onRefused;
    }

    /** Writes {@code item} with its key's next write: one starts {@code delay} from now if the key is idle. */
    public void submit(K key, T item) {
        boolean idle;
        synchronized (this) {
            if (waitingCount >= maxWaiting) {
                onRefused.run();
                return;
            }
            List<T> queue = waiting.get(key);
            idle = queue == null;
            if (idle) {
                queue = new ArrayList<>();
                waiting.put(key, queue);
            }
            queue.add(item);
            waitingCount++;
        }
        if (idle) {
            schedule(key, Vertx.currentContext());
        }
    }

    private void schedule(K key, Context context) {
        if (context == null) {
            flush(key, null);
        } else if (delayMillis > 0) {
            context.owner().setTimer(delayMillis, ignored -> flush(key, context));
        } else {
            context.runOnContext(ignored -> flush(key, context));
        }
    }

    /** The key's waiting items in one write; when it ends, the next one is scheduled or the key is idle again. */
    private void flush(K key, Context context) {
        List<T> items;
        synchronized (this) {
            items = waiting.put(key, new ArrayList<>());
            waitingCount -= items.size();
        }
        Uni.createFrom().deferred(() -> write.apply(key, items)).subscribe().with(done -> next(key, context), failure -> next(key, context));
    }

    private void next(K key, Context context) {
        synchronized (this) {
            if (waiting.get(key).isEmpty()) {
                waiting.remove(key);
                return;
            }
        }
        schedule(key, context);
    }
}
