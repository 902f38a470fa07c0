package studio.ainative.identity.repository;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.security.CacheMac;

/**
 * Redis cannot mint identities: every principal, rejection and JWKS copy identity keeps in Redis is
 * sealed with {@link CacheMac} under its own key, and one that does not open is a miss. A forged or
 * altered entry is counted ({@code identity.cache.forged{kind}}) and logged at WARN, at most
 * once a minute per kind. Built at start-up, so a missing or bad key stops the service there.
 */
@Startup
@ApplicationScoped
public class CacheIntegrity {

    /** What a sealed entry holds; the metric's {@code kind} tag. */
    public enum Kind {
        PRINCIPAL, REJECTION, JWKS;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Logger LOG = Logger.getLogger(CacheIntegrity.class);
    private static final long WARN_INTERVAL_MILLIS = 60_000;

    private final CacheMac mac;
    private final Clock clock;
    private final Map<Kind, Counter> forged = new EnumMap<>(Kind.class);
    private final Map<Kind, AtomicLong> lastWarned = new EnumMap<>(Kind.class);
    private final Map<Kind, AtomicLong> unreported = new EnumMap<>(Kind.class);

    public CacheIntegrity(IdentityConfig config, MeterRegistry metrics, Clock clock) {
        IdentityConfig.Cache cache = config.cache();
        this.mac = new CacheMac(CacheMac.decodeKey("identity.cache.integrity-key", cache.integrityKey()),
                cache.integrityPreviousKey().map(k -> CacheMac.decodeKey("identity.cache.integrity-previous-key", k)).orElse(null));
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            forged.put(kind, Counter.builder("identity.cache.forged")
                    .description("entries read from Redis that identity did not write (MAC missing or wrong), treated as misses")
                    .tag("kind", kind.tag()).register(metrics));
            lastWarned.put(kind, new AtomicLong(Long.MIN_VALUE));
            unreported.put(kind, new AtomicLong());
        }
    }

    public String seal(String redisKey, int format, String value) {
        return mac.seal(redisKey, format, value);
    }

    /** The payload when identity sealed it under this key in this format; empty otherwise (forgeries counted). */
    public Optional<String> open(Kind kind, String redisKey, int format, String stored) {
        CacheMac.Opened opened = mac.open(redisKey, format, stored);
        if (opened.status() == CacheMac.Status.FORGED) {
            reportForged(kind);
        }
        return opened.valid();
    }

    private void reportForged(Kind kind) {
        forged.get(kind).increment();
        unreported.get(kind).incrementAndGet();
        long now = clock.millis();
        AtomicLong last = lastWarned.get(kind);
        long previous = last.get();
        if ((previous == Long.MIN_VALUE || now - previous >= WARN_INTERVAL_MILLIS) && last.compareAndSet(previous, now)) {
            long count = unreported.get(kind).getAndSet(0);
            LOG.warnf("ignored %d %s cache entries in Redis that identity did not write (MAC missing or wrong) since the last "
                    + "warning: something other than identity writes to its keys", count, kind.tag());
        }
    }
}
