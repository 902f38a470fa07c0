package studio.ainative.identity.jwks;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import studio.ainative.identity.client.BlockedTargetException;
import studio.ainative.identity.client.GuardedHttpClient;
import studio.ainative.identity.client.OutboundCallException;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.SharedJwksStore;

/** Fetches and parses one provider's JWKS through the guarded client. Failures carry a caller-safe reason. */
@ApplicationScoped
public class JwksFetcher {

    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");

    private final GuardedHttpClient http;
    private final JwksParser parser;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final IdentityConfig.Jwks config;

    public JwksFetcher(GuardedHttpClient http, Clock clock, MeterRegistry metrics, IdentityConfig config) {
        this.http = http;
        this.clock = clock;
        this.metrics = metrics;
        this.config = config.jwks();
        this.parser = new JwksParser(this.config.maxKeys(), this.config.maxBytes());
    }

    /** A fetched document and the keys it yielded. */
    public record Fetched(SharedJwksStore.Document document, KeySet keys) {
    }

    /** Fails with {@link InvalidJwksException} whose message says why (unreachable, not JSON, no usable key...). */
    public Uni<KeySet> fetch(String providerTag, String jwksUri) {
        return fetchDocument(providerTag, jwksUri).map(Fetched::keys);
    }

    /** Keys from a document another replica fetched and validated. */
    public KeySet parse(SharedJwksStore.Document document) throws InvalidJwksException {
        return parser.parse(document.body(), document.fetchedAt(), document.freshUntil());
    }

    public Uni<Fetched> fetchDocument(String providerTag, String jwksUri) {
        return http.get(jwksUri, config.maxBytes())
                .onFailure(BlockedTargetException.class).transform(e -> new InvalidJwksException("jwks_uri refused: " + e.getMessage()))
                .onFailure(OutboundCallException.class).transform(e -> new InvalidJwksException("JWKS fetch failed: " + e.getMessage()))
                .map(response -> {
                    if (response.status() != 200) {
                        throw new UncheckedJwks(new InvalidJwksException("JWKS endpoint answered HTTP " + response.status()));
                    }
                    Instant now = clock.instant();
                    try {
                        Instant freshUntil = now.plus(ttl(response.headers().get("Cache-Control")));
                        KeySet keys = parser.parse(response.body(), now, freshUntil);
                        if (keys.usableCount() == 0) {
                            throw new InvalidJwksException("JWKS has no usable key" + describeSkipped(keys));
                        }
                        return new Fetched(new SharedJwksStore.Document(jwksUri, response.body(), now, freshUntil), keys);
                    } catch (InvalidJwksException e) {
                        throw new UncheckedJwks(e);
                    }
                })
                .onFailure(UncheckedJwks.class).transform(e -> ((UncheckedJwks) e).cause)
                .onItemOrFailure().invoke((keys, failure) -> metrics.counter("identity.jwks.fetches",
                        "provider", providerTag, "outcome", failure == null ? "ok" : "error").increment());
    }

    private Duration ttl(String cacheControl) {
        Duration ttl = config.minTtl();
        if (cacheControl != null) {
            Matcher m = MAX_AGE.matcher(cacheControl);
            if (m.find()) {
                ttl = Duration.ofSeconds(Long.parseLong(m.group(1)));
            }
        }
        if (ttl.compareTo(config.minTtl()) < 0) {
            return config.minTtl();
        }
        return ttl.compareTo(config.maxTtl()) > 0 ? config.maxTtl() : ttl;
    }

    static String describeSkipped(KeySet keys) {
        if (keys.skipped().isEmpty()) {
            return "";
        }
        return " (skipped: " + keys.skipped().stream()
                .map(s -> (s.kid() == null ? "key without kid" : s.kid()) + ": " + s.reason())
                .collect(Collectors.joining("; ")) + ")";
    }

    private static final class UncheckedJwks extends RuntimeException {
        final InvalidJwksException cause;

        UncheckedJwks(InvalidJwksException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }
}
