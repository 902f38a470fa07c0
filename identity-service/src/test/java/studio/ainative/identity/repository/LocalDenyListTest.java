package studio.ainative.identity.repository;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.platform.testing.TestClock;

/** The local deny list is bounded per project: one project's flood evicts only its own oldest entries. */
class LocalDenyListTest {

    private static final UUID FLOODING = UUID.randomUUID();
    private static final UUID QUIET = UUID.randomUUID();
    private static final UUID PROVIDER = UUID.randomUUID();

    private final TestClock clock = TestClock.INSTANCE;
    private final LocalDenyList denied = new LocalDenyList(TestIdentityConfig.with(
            Map.of("identity.revocation.local-max-per-project", "100")), clock);

    @BeforeEach
    void freeze() {
        clock.freeze();
    }

    @AfterEach
    void release() {
        clock.release();
    }

    @Test
    void aFloodOfOneProjectsRevocationsLeavesAnotherProjectsEntries() {
        denied.record(InvalidationEvent.token(QUIET.toString(), "quiet-token", later()));
        denied.record(InvalidationEvent.session(QUIET.toString(), "quiet-session", later()));
        denied.record(InvalidationEvent.user(QUIET.toString(), "quiet-user", now(), later()));

        for (int i = 0; i < 10_000; i++) {
            denied.record(InvalidationEvent.session(FLOODING.toString(), "flood-" + i, later()));
        }

        assertTrue(denied.denies(principal(QUIET, "quiet-token", "s", "u")));
        assertTrue(denied.denies(principal(QUIET, "t", "quiet-session", "u")));
        assertTrue(denied.denies(principal(QUIET, "t", "s", "quiet-user")));
    }

    @Test
    void aProjectOverItsBoundLosesItsOldestEntriesFirst() {
        for (int i = 0; i < 150; i++) {
            denied.record(InvalidationEvent.session(FLOODING.toString(), "s" + i, later()));
        }
        for (int i = 0; i < 50; i++) {
            assertFalse(denied.denies(principal(FLOODING, "t", "s" + i, "u")), "evicted: s" + i);
        }
        for (int i = 50; i < 150; i++) {
            assertTrue(denied.denies(principal(FLOODING, "t", "s" + i, "u")), "kept: s" + i);
        }
    }

    @Test
    void aRenewedEntryCountsAsNew() {
        denied.record(InvalidationEvent.session(FLOODING.toString(), "renewed", later()));
        for (int i = 0; i < 99; i++) {
            denied.record(InvalidationEvent.session(FLOODING.toString(), "s" + i, later()));
        }
        denied.record(InvalidationEvent.session(FLOODING.toString(), "renewed", later()));
        denied.record(InvalidationEvent.session(FLOODING.toString(), "one-more", later()));
        assertTrue(denied.denies(principal(FLOODING, "t", "renewed", "u")));
        assertFalse(denied.denies(principal(FLOODING, "t", "s0", "u")));
    }

    @Test
    void entriesLastTheMaxTokenLifetime() {
        denied.record(InvalidationEvent.session(QUIET.toString(), "s", later()));
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertTrue(denied.denies(principal(QUIET, "t", "s", "u")));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(denied.denies(principal(QUIET, "t", "s", "u")));
    }

    @Test
    void aUserRevocationCoversTokensIssuedUpToItOnly() {
        denied.record(InvalidationEvent.user(QUIET.toString(), "u", now(), later()));
        assertTrue(denied.denies(principal(QUIET, "t", "s", "u")));
        Active newer = new Active(new byte[0], "t2", QUIET, PROVIDER, 1, "test", "s2", "u", null, later(), now() + 1, "iss", "u");
        assertFalse(denied.denies(newer));
    }

    @Test
    void aTokenRevokedByAReplicaThatNamesNoProjectIsStillDenied() {
        denied.record(new InvalidationEvent(InvalidationEvent.TOKEN, "old-style", null, null, null, null, null, null, null, later()));
        assertTrue(denied.denies(principal(QUIET, "old-style", "s", "u")));
    }

    @Test
    void revocationsOfAnotherProjectDoNotDeny() {
        denied.record(InvalidationEvent.session(FLOODING.toString(), "s", later()));
        denied.record(InvalidationEvent.user(FLOODING.toString(), "u", now(), later()));
        assertFalse(denied.denies(principal(QUIET, "t", "s", "u")));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private long later() {
        return now() + 3600;
    }

    private Active principal(UUID project, String tokenId, String session, String user) {
        return new Active(new byte[0], tokenId, project, PROVIDER, 1, "test", session, user, null, later(), now() - 10, "iss", user);
    }
}
