package studio.ainative.identity.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;
import studio.ainative.identity.jwks.JwksCache;
import studio.ainative.identity.repository.InvalidationEvent;
import studio.ainative.identity.repository.PrincipalStore;

/**
 * Keeps every replica's in-process state in step: applies invalidations here at once, and listens on
 * the Redis channel for the other replicas'. Whenever the subscription (re)starts, events may have
 * been missed, so this replica's in-process principals are dropped and its registered issuers reloaded.
 */
@ApplicationScoped
public class Invalidations {

    private static final Logger LOG = Logger.getLogger(Invalidations.class);

    private final ReactiveRedisDataSource redis;
    private final PrincipalStore principals;
    private final ProviderDirectory directory;
    private final JwksCache jwks;
    private final ApiKeyIntrospection apiKeys;
    private final IssuerRegistry issuers;
    private volatile Cancellable subscription;

    public Invalidations(ReactiveRedisDataSource redis, PrincipalStore principals, ProviderDirectory directory, JwksCache jwks,
                         ApiKeyIntrospection apiKeys, IssuerRegistry issuers) {
        this.redis = redis;
        this.issuers = issuers;
        this.principals = principals;
        this.directory = directory;
        this.jwks = jwks;
        this.apiKeys = apiKeys;
    }

    void listen(@Observes StartupEvent start) {
        subscription = redis.pubsub(String.class).subscribe(principals.channel())
                .onSubscription().invoke(() -> {
                    principals.dropLocal();
                    issuers.reload();
                    LOG.debug("listening for invalidations");
                })
                .onFailure().invoke(e -> {
                    issuers.forget();
                    LOG.warnf("invalidation channel lost (%s); resubscribing", e.getClass().getSimpleName());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(this::received);
    }

    /** Applies an event on this replica and publishes it to the others (best effort when Redis is down). */
    public Uni<Void> broadcast(InvalidationEvent event) {
        applyLocally(event);
        return principals.revoke(event, 0).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("could not broadcast %s invalidation; other replicas catch up when their caches expire",
                        event.type()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void received(String message) {
        try {
            applyLocally(InvalidationEvent.decode(message));
        } catch (RuntimeException e) {
            LOG.warn("ignoring a malformed invalidation event");
        }
    }

    private void applyLocally(InvalidationEvent event) {
        principals.apply(event);
        if (InvalidationEvent.PROVIDER.equals(event.type())) {
            directory.invalidate(event.issuer());
            jwks.invalidate(UUID.fromString(event.providerId()));
        } else if (InvalidationEvent.API_KEY.equals(event.type())) {
            apiKeys.forget();
        }
    }

    /**
     * Leaves the channel as the application begins to stop, while its container is still up. Left to the end (the Redis
     * client closing the connection under the subscription), the Redis extension's own clean-up of the subscription
     * ran after the container had gone and logged an error ("No CDI container is available") on some shutdowns.
     */
    void stop(@Observes ShutdownEvent stop) {
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
