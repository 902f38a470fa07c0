package studio.ainative.identity.service;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.ProviderRepository;

/**
 * Every issuer any project registered, held in memory so a token naming an unregistered issuer is
 * refused with no Redis or database I/O (a flood of random issuers would otherwise cost a query each).
 *
 * <p>The set only ever errs towards "maybe registered", which falls back to the directory's lookup:
 * a provider change (here or, through the invalidation channel, on another replica) adds its issuer
 * at once and reloads the exact set from the database; so does every (re)subscription to the channel,
 * since events may have been missed, and a periodic reload bounds how stale a missed event can leave
 * it. Until the first load, and after the channel is lost until the next one, nothing is refused here.
 *
 * <p>Memory: one string per distinct registered issuer (≤ 512 characters each); the providers table
 * bounds it.
 */
@ApplicationScoped
public class IssuerRegistry {

    private static final Logger LOG = Logger.getLogger(IssuerRegistry.class);

    private final ProviderRepository providers;
    private final Vertx vertx;
    private final long reloadIntervalMillis;
    /** Null while not loaded: every issuer may be registered. */
    private volatile Set<String> issuers;
    /** Bumped by every change; a load that raced with one is dropped (the change started another). */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicBoolean loading = new AtomicBoolean();
    private volatile boolean loadAgain;
    private volatile long timer = -1;

    public IssuerRegistry(ProviderRepository providers, Vertx vertx, IdentityConfig config) {
        this.providers = providers;
        this.vertx = vertx;
        this.reloadIntervalMillis = config.providers().issuerReloadInterval().toMillis();
    }

    void start(@Observes StartupEvent start) {
        reload();
        timer = vertx.setPeriodic(reloadIntervalMillis, id -> reload());
    }

    /** True only when the issuer is certainly not registered: the set is loaded and does not hold it. */
    public boolean certainlyUnregistered(String issuer) {
        Set<String> known = issuers;
        return known != null && !known.contains(issuer);
    }

    /** A provider with this issuer was created, changed or deleted, here or on another replica. */
    public void changed(String issuer) {
        changes.incrementAndGet();
        Set<String> known = issuers;
        if (known != null && issuer != null) {
            known.add(issuer); // accepted at once; a deleted issuer leaves with the reload
        }
        reload();
    }

    /** Events may be missed from now on (the channel was lost): refuse nothing until reloaded. */
    public void forget() {
        changes.incrementAndGet();
        issuers = null;
    }

    /** Loads the exact set; concurrent calls share one query and one follow-up. */
    public void reload() {
        loadAgain = true;
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        loadAgain = false;
        long seen = changes.get();
        providers.issuers().subscribe().with(found -> loaded(seen, found), failure -> {
            LOG.warnf("could not load the registered issuers (%s); the directory answers until the next reload",
                    failure.getClass().getSimpleName());
            finished();
        });
    }

    private void loaded(long seen, List<String> found) {
        if (changes.get() == seen) {
            Set<String> next = ConcurrentHashMap.newKeySet(found.size());
            next.addAll(found);
            issuers = next;
        }
        finished();
    }

    private void finished() {
        loading.set(false);
        if (loadAgain) {
            reload();
        }
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
