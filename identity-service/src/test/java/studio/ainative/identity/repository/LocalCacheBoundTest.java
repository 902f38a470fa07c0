package studio.ainative.identity.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.identity.service.IntrospectionOutcome.Inactive;
import studio.ainative.identity.verification.RejectionReason;

/** The in-process cache is bounded by the size of what it holds, so a flood of new tokens cannot grow the heap with it. */
class LocalCacheBoundTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final int BODY_BYTES = 1_000;
    private static final long MAX_BYTES = 100 * 1024;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final IdentityConfig config = TestIdentityConfig.with(Map.of("identity.cache.local-max-size", "100K"));
    private final PrincipalStore store = new PrincipalStore(null, null, clock, new SimpleMeterRegistry(), new LocalDenyList(config, clock),
            config);

    @Test
    void aFloodOfPrincipalsKeepsOnlyWhatFitsTheBound() {
        int flood = 1_000;
        for (int i = 0; i < flood; i++) {
            store.putLocal("d" + i, principal(i), store.epoch());
        }
        int held = held(flood);
        // Each weighs at least its body plus the fixed estimate: no more than the bound's worth stays.
        assertTrue(held <= MAX_BYTES / (BODY_BYTES + 1_300), held + " of " + flood + " held");
        assertTrue(held >= MAX_BYTES / (BODY_BYTES + 1_300) / 2, "the bound is used, not emptied: " + held);
        assertEquals(held * 4, store.indexSize(), "the index follows the evictions (four index keys per principal)");
    }

    @Test
    void rejectionsWeighLessThanPrincipals() {
        int flood = 1_000;
        for (int i = 0; i < flood; i++) {
            store.putLocal("n" + i, new Inactive(RejectionReason.INVALID), store.epoch());
        }
        int rejections = 0;
        for (int i = 0; i < flood; i++) {
            rejections += store.local("n" + i).isPresent() ? 1 : 0;
        }
        assertTrue(rejections > MAX_BYTES / (BODY_BYTES + 1_300), rejections + " rejections held");
        assertTrue(rejections <= MAX_BYTES / 250, rejections + " rejections held");
    }

    private int held(int flood) {
        int held = 0;
        for (int i = 0; i < flood; i++) {
            held += store.local("d" + i).isPresent() ? 1 : 0;
        }
        return held;
    }

    private static Active principal(int i) {
        return new Active(new byte[BODY_BYTES], "t" + i, UUID.randomUUID(), UUID.randomUUID(), 1, "test", "s" + i, "u" + i, null,
                NOW.getEpochSecond() + 3600, NOW.getEpochSecond() - 10, "https://idp.test/", "u" + i);
    }
}
