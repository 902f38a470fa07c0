package studio.ainative.zerodb.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import studio.ainative.zerodb.RlsPolicy;
import studio.ainative.zerodb.RlsSetting;
import studio.ainative.zerodb.config.ZerodbConfig;

/** The per-replica cache of each project's RLS setting (plain JUnit: the database read is held by the test). */
class RlsSettingsCacheTest {

    private static final UUID PROJECT = UUID.randomUUID();
    private static final RlsSetting OFF = new RlsSetting(PROJECT, false, "sub", RlsPolicy.STRICT, null);
    private static final RlsSetting STRICT = new RlsSetting(PROJECT, true, "sub", RlsPolicy.STRICT, null);

    /** Every read of the setting waits for {@link #answer}, as a read transaction that began before a change committed. */
    private static final class HeldReads extends ZerodbTransactions {
        final CompletableFuture<Optional<RlsSetting>> answer = new CompletableFuture<>();
        int count;

        HeldReads() {
            super(null, null, 0, new SimpleMeterRegistry());
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Uni<T> runForProject(UUID projectId, Function<SqlConnection, Uni<T>> work) {
            count++;
            return (Uni<T>) Uni.createFrom().completionStage(answer);
        }
    }

    private static ZerodbConfig ttl(Duration ttl) {
        ZerodbConfig.Rls rls = () -> ttl;
        return (ZerodbConfig) Proxy.newProxyInstance(ZerodbConfig.class.getClassLoader(), new Class<?>[] {ZerodbConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("rls")) {
                        return rls;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aReadThatStartedBeforeAChangeDoesNotPutTheOldSettingBack() {
        HeldReads reads = new HeldReads();
        RlsSettingsCache cache = new RlsSettingsCache(ttl(Duration.ofMinutes(1)), reads, null);

        // A request of an end user misses the cache and reads the setting: RLS still off in its snapshot.
        CompletableFuture<RlsSetting> inFlight = cache.get(PROJECT).subscribeAsCompletionStage();
        // Meanwhile the API key turns RLS on through this replica: committed, and the cache replaced at once.
        cache.put(STRICT);
        // The first read now answers what its transaction saw.
        reads.answer.complete(Optional.of(OFF));
        inFlight.join();

        // Every later request on this replica must run under the new setting, not the stale one for a whole TTL.
        assertEquals(STRICT, cache.get(PROJECT).await().indefinitely());
    }

    @Test
    void aReadIntoAnEmptyCacheIsKept() {
        HeldReads reads = new HeldReads();
        reads.answer.complete(Optional.of(STRICT));
        RlsSettingsCache cache = new RlsSettingsCache(ttl(Duration.ofMinutes(1)), reads, null);

        assertEquals(STRICT, cache.get(PROJECT).await().indefinitely());
        assertEquals(STRICT, cache.get(PROJECT).await().indefinitely());
        assertEquals(1, reads.count, "the second request is answered from the cache");
    }
}
