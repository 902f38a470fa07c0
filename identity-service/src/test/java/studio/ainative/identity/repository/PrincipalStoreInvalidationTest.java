package studio.ainative.identity.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.service.IntrospectionOutcome.Active;

/** An invalidation removes exactly its own in-process entries, found through the index, never by a scan. */
class PrincipalStoreInvalidationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID OTHER_PROJECT = UUID.randomUUID();
    private static final UUID PROVIDER = UUID.randomUUID();

    private PrincipalStore store;

    @BeforeEach
    void store() {
        IdentityConfig config = TestIdentityConfig.with(Map.of());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = new PrincipalStore(null, null, clock, new SimpleMeterRegistry(), new LocalDenyList(config, clock), config);
    }

    @Test
    void aSessionEventRemovesOnlyThatSessionsEntries() {
        put("a1", principal("t1", PROJECT, PROVIDER, "s1", "u1"));
        put("a2", principal("t2", PROJECT, PROVIDER, "s1", "u1"));
        put("b", principal("t3", PROJECT, PROVIDER, "s2", "u1"));
        put("c", principal("t4", OTHER_PROJECT, PROVIDER, "s1", "u1")); // same session id, another project

        store.apply(InvalidationEvent.session(PROJECT.toString(), "s1", NOW.getEpochSecond() + 60));

        assertGone("a1", "a2");
        assertKept("b", "c");
        assertEquals(2, store.invalidationVisits());
    }

    @Test
    void aTokenEventRemovesOnlyThatTokensEntries() {
        put("with-hint", principal("t1", PROJECT, PROVIDER, "s1", "u1"));
        put("without-hint", principal("t1", PROJECT, PROVIDER, "s1", "u1"));
        put("other", principal("t2", PROJECT, PROVIDER, "s1", "u1"));

        store.apply(InvalidationEvent.token(PROJECT.toString(), "t1", NOW.getEpochSecond() + 60));

        assertGone("with-hint", "without-hint");
        assertKept("other");
        assertEquals(2, store.invalidationVisits());
    }

    @Test
    void aUserEventRemovesOnlyThatUsersEntriesInItsProject() {
        put("a", principal("t1", PROJECT, PROVIDER, "s1", "u1"));
        put("b", principal("t2", PROJECT, PROVIDER, "s2", "u1"));
        put("other-user", principal("t3", PROJECT, PROVIDER, "s3", "u2"));
        put("other-project", principal("t4", OTHER_PROJECT, PROVIDER, "s4", "u1"));

        store.apply(InvalidationEvent.user(PROJECT.toString(), "u1", NOW.getEpochSecond(), NOW.getEpochSecond() + 60));

        assertGone("a", "b");
        assertKept("other-user", "other-project");
    }

    @Test
    void aProviderEventRemovesOnlyThatProvidersEntries() {
        UUID otherProvider = UUID.randomUUID();
        put("a", principal("t1", PROJECT, PROVIDER, "s1", "u1"));
        put("b", principal("t2", PROJECT, otherProvider, "s2", "u2"));

        store.apply(InvalidationEvent.provider(PROVIDER.toString(), "https://idp.test/"));

        assertGone("a");
        assertKept("b");
    }

    @Test
    void tenThousandEventsOverAHundredThousandEntriesVisitOnlyTheirOwnEntries() {
        int entries = 100_000;
        for (int i = 0; i < entries; i++) {
            put("d" + i, principal("t" + i, PROJECT, PROVIDER, "s" + i, "u" + i));
        }
        int events = 10_000;
        for (int i = 0; i < events; i++) {
            store.apply(InvalidationEvent.session(PROJECT.toString(), "s" + (i * 10), NOW.getEpochSecond() + 60));
        }

        assertEquals(events, store.invalidationVisits(), "each event visits its one entry; a scan would visit ~10^9");
        for (int i = 0; i < entries; i++) {
            assertEquals(i % 10 != 0, store.local("d" + i).isPresent(), "entry " + i);
        }
    }

    @Test
    void replacingAnEntryKeepsTheReplacementIndexed() {
        Active principal = principal("t1", PROJECT, PROVIDER, "s1", "u1");
        put("a", principal);
        put("a", principal); // a refresh: the listener removes the old entry, not the new one's index

        store.apply(InvalidationEvent.token(PROJECT.toString(), "t1", NOW.getEpochSecond() + 60));

        assertGone("a");
    }

    @Test
    void theIndexShrinksWithTheCache() {
        for (int i = 0; i < 100; i++) {
            put("d" + i, principal("t" + i, PROJECT, PROVIDER, "s" + i, "u" + i));
        }
        assertTrue(store.indexSize() > 300);

        store.dropLocal();

        assertEquals(0, store.indexSize(), "removed entries leave nothing behind in the index");
    }

    @Test
    void anEntryPutAfterAnInvalidationStartedIsNotCached() {
        long before = store.epoch();
        store.apply(InvalidationEvent.session(PROJECT.toString(), "s9", NOW.getEpochSecond() + 60));
        store.putLocal("late", principal("t1", PROJECT, PROVIDER, "s1", "u1"), before);
        assertFalse(store.local("late").isPresent());
    }

    private void put(String digest, Active principal) {
        store.putLocal(digest, principal, store.epoch());
    }

    private void assertGone(String... digests) {
        for (String d : digests) {
            assertFalse(store.local(d).isPresent(), d + " should be gone");
        }
    }

    private void assertKept(String... digests) {
        for (String d : digests) {
            assertTrue(store.local(d).isPresent(), d + " should be kept");
        }
    }

    static Active principal(String tokenId, UUID project, UUID provider, String session, String user) {
        return new Active(new byte[0], tokenId, project, provider, 1, "test", session, user, null,
                NOW.getEpochSecond() + 3600, NOW.getEpochSecond() - 10, "https://idp.test/", user);
    }
}
