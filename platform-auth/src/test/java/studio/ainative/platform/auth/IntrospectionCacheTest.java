package studio.ainative.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IntrospectionCacheTest {

    /** identity's {@code {"active": false}}. */
    private static final IdentityAnswer INACTIVE = new IdentityAnswer(new IntrospectionResult(false, null, null, null, null, null,
            null, null, null, null, null, null, null), null);

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** identity, for a lookup the cache must answer itself. */
    private static final Supplier<Uni<IdentityAnswer>> NOT_ASKED = () -> Uni.createFrom().failure(new AssertionError("identity was asked"));
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
    void concurrentMissesOfOneTokenAskIdentityOnce() {
        IntrospectionCache cache = cache();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<UniEmitter<? super IdentityAnswer>> pending = new AtomicReference<>();
        IntrospectionRequest request = new IntrospectionRequest("tok", "access_token", null);
        Supplier<Uni<IdentityAnswer>> loader = () -> Uni.createFrom().emitter(emitter -> {
            calls.incrementAndGet();
            pending.set(emitter);
        });
        List<IdentityAnswer> answered = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            cache.get(request, loader).subscribe().with(answered::add);
        }
        IdentityAnswer answer = user(NOW.getEpochSecond() + 3600);
        pending.get().complete(answer);
        assertEquals(1, calls.get());
        assertEquals(List.of(answer, answer, answer, answer), answered);
    }

    @Test
    void failureOfTheSharedQuestionReachesEveryoneWaitingAndIsNotRemembered() {
        IntrospectionCache cache = cache();
        AtomicReference<UniEmitter<? super IdentityAnswer>> pending = new AtomicReference<>();
        IntrospectionRequest request = new IntrospectionRequest("tok", "access_token", null);
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            cache.get(request, () -> Uni.createFrom().<IdentityAnswer>emitter(pending::set)).subscribe().with(answer -> { }, failed::add);
        }
        pending.get().fail(new IdentityUnavailableException("down", null, null));
        assertEquals(2, failed.size());
        IdentityAnswer answer = user(NOW.getEpochSecond() + 3600);
        assertEquals(answer, cache.get(request, () -> Uni.createFrom().item(answer)).await().indefinitely());
    }

    @Test
    void answerInTheLastQuarterOfItsLifeIsServedAndRefreshedInTheBackground() {
        MovableClock clock = new MovableClock();
        IntrospectionCache cache = cache(clock);
        IdentityAnswer first = user(NOW.getEpochSecond() + 3600);
        IdentityAnswer second = user(NOW.getEpochSecond() + 3600);
        AtomicInteger calls = new AtomicInteger();
        Supplier<Uni<IdentityAnswer>> identity = () -> {
            calls.incrementAndGet();
            return Uni.createFrom().item(second);
        };
        ask(cache, () -> Uni.createFrom().item(first));

        clock.now = NOW.plusMillis(3700);
        assertEquals(first, ask(cache, identity));
        assertEquals(0, calls.get(), "three quarters of the life are not over yet");

        clock.now = NOW.plusMillis(3800);
        assertEquals(first, ask(cache, identity), "the remembered answer serves while identity is asked again");
        assertEquals(1, calls.get());
        assertEquals(second, ask(cache, NOT_ASKED));
    }

    @Test
    void refreshedAnswerLivesItsOwnTtlFromTheRefresh() {
        MovableClock clock = new MovableClock();
        IntrospectionCache cache = cache(clock);
        IdentityAnswer first = user(NOW.getEpochSecond() + 3600);
        IdentityAnswer second = user(NOW.getEpochSecond() + 3600);
        ask(cache, () -> Uni.createFrom().item(first));
        clock.now = NOW.plusMillis(3800);
        assertEquals(first, ask(cache, () -> Uni.createFrom().item(second)), "served while refreshed");

        clock.now = NOW.plusMillis(6000);
        assertEquals(second, ask(cache, NOT_ASKED), "the refresh's answer outlives the first answer's 5 s");
        clock.now = NOW.plusMillis(7500);
        assertEquals(second, ask(cache, NOT_ASKED));
        clock.now = NOW.plusMillis(8801);
        IdentityAnswer third = user(NOW.getEpochSecond() + 3600);
        assertEquals(third, ask(cache, () -> Uni.createFrom().item(third)), "and no longer than 5 s from the refresh");
    }

    @Test
    void answerIsForgottenAfterItsTtl() {
        MovableClock clock = new MovableClock();
        IntrospectionCache cache = cache(clock);
        ask(cache, () -> Uni.createFrom().item(user(NOW.getEpochSecond() + 3600)));
        clock.now = NOW.plusMillis(5001);
        IdentityAnswer fresh = user(NOW.getEpochSecond() + 3600);
        assertEquals(fresh, ask(cache, () -> Uni.createFrom().item(fresh)));
    }

    @Test
    void refreshThatFindsTheTokenRevokedReplacesTheAnswer() {
        MovableClock clock = new MovableClock();
        IntrospectionCache cache = cache(clock);
        ask(cache, () -> Uni.createFrom().item(user(NOW.getEpochSecond() + 3600)));
        clock.now = NOW.plusSeconds(4);
        ask(cache, () -> Uni.createFrom().item(INACTIVE));
        assertEquals(INACTIVE, ask(cache, NOT_ASKED));
    }

    @Test
    void inactiveAnswerIsNotRefreshedAhead() {
        MovableClock clock = new MovableClock();
        IntrospectionCache cache = cache(clock);
        ask(cache, () -> Uni.createFrom().item(INACTIVE));
        clock.now = NOW.plusMillis(1900);
        assertEquals(INACTIVE, ask(cache, NOT_ASKED));
    }

    @Test
    void projectHintIsPartOfTheKey() {
        UUID project = UUID.randomUUID();
        String withoutHint = new IntrospectionRequest("tok", "access_token", null).cacheKey();
        String withHint = new IntrospectionRequest("tok", "access_token", project).cacheKey();
        assertTrue(!withoutHint.equals(withHint));
        assertEquals(withHint, new IntrospectionRequest("tok", "access_token", project).cacheKey());
    }

    /** A clock a test moves by hand; the cache's entries expire by it too. */
    private static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static IntrospectionCache cache() {
        return cache(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static IntrospectionCache cache(Clock clock) {
        return new IntrospectionCache(TTL, NEGATIVE_TTL, 100, clock, () -> java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(clock.millis()),
                new SimpleMeterRegistry());
    }

    /** The cache's answer for the token {@code tok}, {@code identity} answering when the cache asks it. */
    private static IdentityAnswer ask(IntrospectionCache cache, Supplier<Uni<IdentityAnswer>> identity) {
        return cache.get(new IntrospectionRequest("tok", "access_token", null), identity).await().indefinitely();
    }
}
