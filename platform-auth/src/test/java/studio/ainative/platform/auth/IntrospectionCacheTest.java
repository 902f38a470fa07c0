package studio.ainative.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IntrospectionCacheTest {

    /** identity's {@code {"active": false}}. */
    private static final IdentityAnswer INACTIVE = new IdentityAnswer(new IntrospectionResult(false, null, null, null, null, null,
            null, null, null, null, null, null, null), null);

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(2);

    private static IdentityAnswer user(Long exp) {
        return new IdentityAnswer(new IntrospectionResult(true, "user", UUID.randomUUID(), "stytch", UUID.randomUUID(), "user-1",
                null, "user-1", exp, null, null, Map.of(), null), null);
    }

    private static IdentityAnswer apiKey() {
        return new IdentityAnswer(new IntrospectionResult(true, "api_key", UUID.randomUUID(), null, null, null, null, "api_key:k",
                null, null, UUID.randomUUID(), null, null), null);
    }

    @Test
    void activeTokenIsKeptForTheConfiguredTtlWhenItExpiresLater() {
        assertEquals(TTL, IntrospectionCache.ttlFor(user(NOW.getEpochSecond() + 3600), NOW, TTL, NEGATIVE_TTL));
    }

    @Test
    void tokenExpiringSoonerThanTheTtlIsKeptOnlyUntilItsExp() {
        assertEquals(Duration.ofSeconds(2), IntrospectionCache.ttlFor(user(NOW.getEpochSecond() + 2), NOW, TTL, NEGATIVE_TTL));
    }

    @Test
    void tokenAtOrPastItsExpIsNotKept() {
        assertTrue(IntrospectionCache.ttlFor(user(NOW.getEpochSecond()), NOW, TTL, NEGATIVE_TTL).isZero());
        assertTrue(IntrospectionCache.ttlFor(user(NOW.getEpochSecond() - 1), NOW, TTL, NEGATIVE_TTL).isNegative());
    }

    @Test
    void apiKeyWithoutExpIsKeptForTheTtl() {
        assertEquals(TTL, IntrospectionCache.ttlFor(apiKey(), NOW, TTL, NEGATIVE_TTL));
    }

    @Test
    void inactiveAnswerIsKeptOnlyBriefly() {
        assertEquals(NEGATIVE_TTL, IntrospectionCache.ttlFor(INACTIVE, NOW, TTL, NEGATIVE_TTL));
    }

    @Test
    void secondLookupOfTheSameTokenDoesNotAskIdentity() {
        IntrospectionCache cache = cache();
        AtomicInteger calls = new AtomicInteger();
        IntrospectionRequest request = new IntrospectionRequest("tok", "access_token", null);
        IdentityAnswer answer = user(NOW.getEpochSecond() + 3600);
        for (int i = 0; i < 3; i++) {
            assertEquals(answer, cache.get(request, () -> {
                calls.incrementAndGet();
                return Uni.createFrom().item(answer);
            }).await().indefinitely());
        }
        assertEquals(1, calls.get());
    }

    @Test
    void failuresAreNeverRemembered() {
        IntrospectionCache cache = cache();
        AtomicInteger calls = new AtomicInteger();
        IntrospectionRequest request = new IntrospectionRequest("tok", "access_token", null);
        for (int i = 0; i < 2; i++) {
            assertThrows(IdentityUnavailableException.class, () -> cache.get(request, () -> {
                calls.incrementAndGet();
                return Uni.createFrom().failure(new IdentityUnavailableException("down", null, null));
            }).await().indefinitely());
        }
        assertEquals(2, calls.get());
    }

    @Test
    void expiredTokenAnswerIsNotRemembered() {
        IntrospectionCache cache = cache();
        AtomicInteger calls = new AtomicInteger();
        IntrospectionRequest request = new IntrospectionRequest("tok", "access_token", null);
        for (int i = 0; i < 2; i++) {
            cache.get(request, () -> {
                calls.incrementAndGet();
                return Uni.createFrom().item(user(NOW.getEpochSecond()));
            }).await().indefinitely();
        }
        assertEquals(2, calls.get());
    }

    @Test
    void projectHintIsPartOfTheKey() {
        UUID project = UUID.randomUUID();
        String withoutHint = new IntrospectionRequest("tok", "access_token", null).cacheKey();
        String withHint = new IntrospectionRequest("tok", "access_token", project).cacheKey();
        assertTrue(!withoutHint.equals(withHint));
        assertEquals(withHint, new IntrospectionRequest("tok", "access_token", project).cacheKey());
    }

    private static IntrospectionCache cache() {
        return new IntrospectionCache(TTL, NEGATIVE_TTL, 100, Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry());
    }
}
