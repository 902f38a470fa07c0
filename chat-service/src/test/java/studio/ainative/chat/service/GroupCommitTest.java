package studio.ainative.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
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
            return new GroupCommit<>(10, this::write, () -> { });
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
        GroupCommit<String, Integer> commits = new GroupCommit<>(10, (key, batch) -> {
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
        GroupCommit<String, Integer> commits = new GroupCommit<>(2, writes::write, refused::incrementAndGet);
        commits.submit("alice", 1);
        commits.submit("alice", 2);
        commits.submit("bob", 3);
        commits.submit("bob", 4);
        commits.submit("alice", 5);
        assertEquals(1, refused.get(), "two wait (2 and 4): the bound counts every key's waiting items");
        writes.pending.get(0).complete(null);
        assertEquals(List.of(List.of(1), List.of(3), List.of(2)), writes.items);
        commits.submit("alice", 6);
        assertEquals(1, refused.get(), "a write that started freed its items' places");
    }
}
