package studio.ainative.identity.config;

import io.quarkus.runtime.configuration.MemorySize;
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

    Stytch stytch();

    Introspection introspection();

    Cache cache();

    Redis redis();

    Revocation revocation();

    Providers providers();

    Signing signing();

    Crypto crypto();

    /** Where signatures are computed (see security.CryptoProviders). */
    interface Crypto {
        /**
         * Amazon Corretto Crypto Provider (AWS-LC, native) ahead of the JDK's own providers for RSA and ECDSA,
         * where its library loads (Linux x86-64 and aarch64 with glibc); the JDK's providers elsewhere or when false.
         */
        @WithDefault("true")
        boolean nativeProvider();
    }

    /**
     * identity's own keys: it signs the principals it vouches for (RFC 9701 introspection answers), and
     * resource services verify them against the public keys it publishes on {@code /internal/v1/jwks}.
     */
    interface Signing {
        /** PEM of the RSA private key (PKCS#8, at least 2048 bits) that signs; from a Secret, no default. */
        String key();

        /**
         * A second key, published but never used to sign: the key being rotated out (so principals it
         * signed keep verifying until they expire) or the one being rolled in (so verifiers know it before
         * it signs).
         */
        Optional<String> additionalKey();

        /** The {@code iss} of every signed principal; resource services require exactly this value. */
        @WithDefault("urn:ainative:identity")
        String issuer();

        /** The audience every signed principal names besides the calling service; resource services require it. */
        @WithDefault("urn:ainative:services")
        String audience();

        /** Life of a signed principal: at most 60 s, and never past the user token's own {@code exp}. */
        @WithDefault("60s")
        Duration principalTtl();
    }

    interface Introspection {
        /**
         * Service credentials allowed to call introspection: {@code name:secret[,name:secret...]}
         * (secrets at least 16 characters). Empty means nobody may call it.
         */
        Optional<String> clients();
    }

    interface Cache {
        /** Upper bound of a cached principal's life in Redis (it never outlives the token's exp). */
        @WithDefault("5m")
        Duration principalMaxTtl();

        /** How long an invalid token's rejection is remembered (never for "keys unavailable"). */
        @WithDefault("30s")
        Duration negativeTtl();

        /** The in-process cache in front of Redis. */
        @WithDefault("5s")
        Duration localTtl();

        /**
         * What each in-process cache (principals and rejections; signed answers) may hold, by an estimate of its
         * entries' size (about 1.3 KB plus the claims for a principal), not by their count: a flood of new tokens
         * evicts the least used entries rather than growing the heap with it.
         */
        @WithDefault("32M")
        MemorySize localMaxSize();

        /**
         * At most this many in-process entries are refreshed ahead of expiry at once (the default is
         * half the default Redis pool, so misses always find connections); an entry due while they
         * run is refreshed by a later request, or looked up when it expires.
         */
        @WithDefault("16")
        int maxRefreshes();

        /**
         * Base64 of at least 32 bytes: the HMAC-SHA256 key that seals every principal, rejection and
         * JWKS copy identity keeps in Redis. Required; the same on every replica.
         */
        String integrityKey();

        /** The key being rotated out: entries it sealed still open, nothing new is sealed with it. */
        Optional<String> integrityPreviousKey();
    }

    interface Redis {
        /**
         * A Redis command that gets no reply within this long of asking for a pooled connection
         * fails, and verification goes on without Redis. Running out of time while still waiting for
         * the connection is congestion here, not a Redis failure: it only skips Redis for the one
         * request.
         */
        @WithDefault("150ms")
        Duration timeout();

        /** This many failed commands in a row (no success between them) take Redis out of use. */
        @WithDefault("3")
        int failureThreshold();

        /** Once out of use, Redis is skipped for this long before it is tried again. */
        @WithDefault("1s")
        Duration retryAfter();

        @WithDefault("idn:")
        String keyPrefix();
    }

    interface Revocation {
        /**
         * Session and user revocations are kept this long: the longest life of any token a provider
         * may have issued before the revocation.
         */
        @WithDefault("24h")
        Duration maxTokenLifetime();

        /**
         * Revocations a project may make per minute, across all replicas and all kinds (API-key
         * revocations of tokens, sessions and users, end users' own); beyond it 429 {@code rate_limited}.
         */
        @WithDefault("600")
        int rateLimit();

        /** Revocations a project may make at once before the per-minute rate applies. */
        @WithDefault("100")
        int burst();

        /**
         * Each replica's local copy of the deny list (used while Redis is unreachable) keeps at most this
         * many entries per project; a project over it loses its own oldest entries, never another's.
         */
        @WithDefault("50000")
        int localMaxPerProject();
    }

    interface Providers {
        /**
         * The in-memory set of registered issuers is reloaded from the database this often (and on
         * every provider change and channel resubscription): how long a missed event can keep a
         * provider registered on another replica unknown here, as the directory's cache did before.
         */
        @WithDefault("30s")
        Duration issuerReloadInterval();
    }

    interface Secrets {
        /**
         * Keys that protect provider API secrets at rest: base64 of 32 bytes each, comma-separated;
         * the first encrypts, all decrypt (see {@code SecretKeyRing}).
         */
        String keys();

        /** Stored secrets re-encrypted per transaction by the admin re-encryption. */
        @WithDefault("100")
        int reencryptBatchSize();
    }

    interface Jwks {
        /** Allow {@code http://} JWKS URIs (local stacks only). */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * Allow {@code 127.0.0.1} and {@code localhost} on any port (local stacks only, so any IdP run
         * on the developer's machine works); off, loopback is refused like any internal address.
         */
        @WithDefault("false")
        boolean allowLoopback();

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

    /**
     * Stytch's API hosts, where a {@code stytch} provider's JWKS and session API are derived from its
     * project id (see {@code StytchEndpoints}). The defaults are Stytch's; another value only points
     * the derivation at a stand-in (the tests') or a proxy in front of Stytch.
     */
    interface Stytch {
        /** The API base of {@code project-test-…} projects. */
        @WithDefault("https://test.stytch.com")
        String testApiUrl();

        /** The API base of {@code project-live-…} projects. */
        @WithDefault("https://api.stytch.com")
        String liveApiUrl();
    }

    interface ProviderApi {
        /** Budget for the provider's session API when a token carries no email. */
        @WithDefault("1500ms")
        Duration timeout();

        @WithDefault("10m")
        Duration emailCacheTtl();
    }
}
