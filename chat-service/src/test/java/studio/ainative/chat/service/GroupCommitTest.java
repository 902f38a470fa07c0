package studio.ainative.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** Writes that stay in flight until the test ends them, in the order they started. */
    private static final class Writes {
        final List<String> keys = new ArrayList<>();
        final List<List<Integer>> items = new ArrayList<>();
        final List<UniEmitter<? super Void>> pending = new ArrayList<>();

        /** Up to ten items waiting, none refused in these tests. */
        GroupCommit<String, Integer> commits() {
            return new GroupCommit<>(10, Duration.ZERO, this::write, () -> { });
        }

        Uni<Void> write(String key, List<Integer> batch) {
            return Uni.createFrom().emitter(emitter -> {
                keys.add(key);
                items.add(List.copyOf(batch));
                pending.add(emitter);
            });
        }
    }

    @Test
    void itemOfAnIdleKeyIsWrittenAtOnce() {
        Writes writes = new Writes();
        GroupCommit<String, Integer> commits = writes.commits();
        commits.submit("alice", 1);
        assertEquals(List.of(List.of(1)), writes.items);
    }

    @Test
    void itemsArrivingWhileTheKeysWriteRunsGoTogetherInItsNextWrite() {
        Writes writes = new Writes();
        GroupCommit<String, Integer> commits = writes.commits();
        commits.submit("alice", 1);
        commits.submit("alice", 2);
        commits.submit("alice", 3);
        assertEquals(List.of(List.of(1)), writes.items, "one write in flight per key");
        writes.pending.get(0).complete(null);
        assertEquals(List.of(List.of(1), List.of(2, 3)), writes.items);
        writes.pending.get(1).complete(null);
        commits.submit("alice", 4);
        assertEquals(List.of(List.of(1), List.of(2, 3), List.of(4)), writes.items, "the key was idle again");
    }

    @Test
    void keysDoNotWaitForEachOther() {
        Writes writes = new Writes();
        GroupCommit<String, Integer> commits = writes.commits();
        commits.submit("alice", 1);
        commits.submit("bob", 2);
        assertEquals(List.of("alice", "bob"), writes.keys);
    }

    @Test
    void aFailedWriteStillLetsTheWaitingItemsGo() {
        Writes writes = new Writes();
        GroupCommit<String, Integer> commits = writes.commits();
        commits.submit("alice", 1);
        commits.submit("alice", 2);
        writes.pending.get(0).fail(new IllegalStateException("database down"));
        assertEquals(List.of(List.of(1), List.of(2)), writes.items);
    }

    @Test
    void aWriteThatThrowsInsteadOfFailingStillLetsTheWaitingItemsGo() {
        List<List<Integer>> written = new ArrayList<>();
        boolean[] first = {true};
        GroupCommit<String, Integer> commits = new GroupCommit<>(10, Duration.ZERO, (key, batch) -> {
            written.add(List.copyOf(batch));
            if (first[0]) {
                first[0] = false;
                throw new IllegalStateException("broken before any Uni");
            }
            return Uni.createFrom().voidItem();
        }, () -> { });
        commits.submit("alice", 1);
        commits.submit("alice", 2);
        assertEquals(List.of(List.of(1), List.of(2)), written);
    }

    @Test
    void itemsPastTheBoundAreRefusedNotQueued() {
        Writes writes = new Writes();
        AtomicInteger refused = new AtomicInteger();
        GroupCommit<String, Integer> commits = new GroupCommit<>(2, Duration.ZERO, writes::write, refused::incrementAndGet);
        commits.submit("alice", 1);
        commits.submit("alice", 2);
        commits.submit("bob", 3);
        commits.submit("bob", 4);
        commits.submit("alice", 5);
        assertEquals(1, refused.get(), "two wait (2 and 4): the bound counts every key's items not yet in a write");
        writes.pending.get(0).complete(null);
        assertEquals(List.of(List.of(1), List.of(3), List.of(2)), writes.items);
        commits.submit("alice", 6);
        assertEquals(1, refused.get(), "a write that started freed its items' places");
    }

    @Test
    void itemsSubmittedWithinTheDelayGoInOneWrite() throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        try {
            List<List<Integer>> written = new CopyOnWriteArrayList<>();
            CountDownLatch wrote = new CountDownLatch(1);
            GroupCommit<String, Integer> commits = new GroupCommit<>(10, Duration.ofMillis(300), (key, batch) -> {
                written.add(List.copyOf(batch));
                wrote.countDown();
                return Uni.createFrom().voidItem();
            }, () -> { });
            vertx.runOnContext(ignored -> {
                commits.submit("alice", 1);
                commits.submit("alice", 2);
                vertx.setTimer(50, id -> commits.submit("alice", 3));
            });
            assertTrue(wrote.await(10, TimeUnit.SECONDS));
            // Without the delay, 1 and 2 would go at once and 3 on its own.
            assertEquals(List.of(List.of(1, 2, 3)), written);
        } finally {
            vertx.close();
        }
    }
}
