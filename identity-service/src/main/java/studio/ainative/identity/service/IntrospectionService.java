package studio.ainative.identity.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import studio.ainative.identity.security.ApiKeys;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.identity.service.IntrospectionOutcome.ApiKeyActive;
import studio.ainative.identity.service.IntrospectionOutcome.Inactive;
import studio.ainative.platform.web.ApiException;

/**
 * Who is calling, for a bearer token: a project API key ({@link ApiKeyIntrospection}) or an end user's
 * JWT ({@link JwtIntrospection}), told apart by the key prefix; timed and counted here once for both.
 * How an answer goes on the wire (RFC 7662 JSON, RFC 9701 JWT) is the REST layer's.
 */
@ApplicationScoped
public class IntrospectionService {

    private final JwtIntrospection jwts;
    private final ApiKeyIntrospection apiKeys;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final ConcurrentHashMap<String, Counter> outcomes = new ConcurrentHashMap<>();

    public IntrospectionService(JwtIntrospection jwts, ApiKeyIntrospection apiKeys, MeterRegistry metrics) {
        this.jwts = jwts;
        this.apiKeys = apiKeys;
        this.metrics = metrics;
        this.latency = Timer.builder("identity.introspection")
                .description("time to answer an introspection or verification")
                .publishPercentileHistogram()
                .register(metrics);
    }

    public Uni<IntrospectionOutcome> introspect(String token, String projectHint) {
        long started = System.nanoTime();
        IntrospectionQuery query = query(token, projectHint);
        if (query.known() != null) {
            record(started, query.known(), null);
            return Uni.createFrom().item(query.known());
        }
        return query.lookup().get().onItemOrFailure().invoke((result, failure) -> record(started, result, failure));
    }

    /**
     * The same, for a caller that is not itself reactive (the introspection route): an answer this
     * replica holds in memory goes straight to {@code onOutcome} on the calling thread, with no
     * reactive pipeline in between; only a lookup (Redis, verification, PostgreSQL) is subscribed to.
     */
    public void introspect(String token, String projectHint, Consumer<IntrospectionOutcome> onOutcome, Consumer<Throwable> onFailure) {
        long started = System.nanoTime();
        IntrospectionQuery query = query(token, projectHint);
        if (query.known() != null) {
            record(started, query.known(), null);
            onOutcome.accept(query.known());
            return;
        }
        query.lookup().get().subscribe().with(outcome -> {
            record(started, outcome, null);
            try {
                onOutcome.accept(outcome);
            } catch (RuntimeException e) {
                onFailure.accept(e); // thrown here, Mutiny would only log it and the caller would never answer
            }
        }, failure -> {
            record(started, null, failure);
            onFailure.accept(failure);
        });
    }

    private void record(long started, IntrospectionOutcome result, Throwable failure) {
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        String tag = failure != null ? "error" : result instanceof Inactive inactive ? inactive.reason().tag() : "active";
        outcomes.computeIfAbsent(tag, t -> metrics.counter("identity.introspections", "outcome", t)).increment();
    }

    private IntrospectionQuery query(String token, String projectHint) {
        return token.startsWith(ApiKeys.PREFIX) ? apiKeys.query(token) : jwts.query(token, projectHint);
    }

    /** The principal's project must be the one the caller named (403 otherwise). */
    public static void requireProject(IntrospectionOutcome outcome, String projectHint) {
        UUID project = null;
        if (outcome instanceof Active a) {
            project = a.projectId();
        } else if (outcome instanceof ApiKeyActive k) {
            project = k.projectId();
        }
        if (project != null && ProjectHint.namesOther(projectHint, project)) {
            throw new ApiException(403, "project_mismatch", "the token belongs to another project than X-Project-ID names");
        }
    }
}
