package studio.ainative.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the identity service, everything under {@code identity.*}. */
@ConfigMapping(prefix = "identity")
public interface IdentityConfig {

    /** Shared secret that authorises the internal admin bootstrap endpoint. */
    String adminToken();

    Secrets secrets();

    Jwks jwks();

    Tokens tokens();

    ProviderApi providerApi();

    interface Secrets {
        /** Base64 of a 32-byte AES key that encrypts provider API secrets at rest. */
        String encryptionKey();
    }

    interface Jwks {
        /** Allow {@code http://} JWKS URIs (local stacks only). */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * {@code host:port} pairs (host as written in the URI, or a resolved IP) that may resolve to
         * loopback/private addresses. Everything else is subject to the SSRF guard.
         */
        Optional<List<String>> allowedTargets();

        @WithDefault("1s")
        Duration connectTimeout();

        @WithDefault("2s")
        Duration readTimeout();

        @WithDefault("65536")
        int maxBytes();

        @WithDefault("50")
        int maxKeys();

        @WithDefault("5m")
        Duration minTtl();

        @WithDefault("1h")
        Duration maxTtl();

        /** Last-good keys keep serving through an IdP outage for this long after their fetch. */
        @WithDefault("24h")
        Duration maxStale();

        /** At most one forced refetch per provider in this window (unknown {@code kid}). */
        @WithDefault("30s")
        Duration forcedRefetchInterval();

        /** After a failed fetch with nothing cached, requests fail fast for this long. */
        @WithDefault("5s")
        Duration failureBackoff();
    }

    interface Tokens {
        /** Tokens above this many bytes are rejected before any decoding. */
        @WithDefault("8192")
        int maxBytes();

        @WithDefault("60")
        int defaultClockSkewSeconds();

        @WithDefault("300")
        int maxClockSkewSeconds();
    }

    interface ProviderApi {
        /** Budget for the provider's session API when a token carries no email. */
        @WithDefault("1500ms")
        Duration timeout();

        @WithDefault("10m")
        Duration emailCacheTtl();
    }
}
