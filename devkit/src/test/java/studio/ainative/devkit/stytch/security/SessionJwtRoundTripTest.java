package studio.ainative.devkit.stytch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.stytch.Session;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.config.StytchConfig;

/** Minting and verification without booting the app; each rejection isolates one fault. */
class SessionJwtRoundTripTest {

    private static final StytchConfig CONFIG = new StytchConfig() {
        @Override
        public String projectId() {
            return "project-test-roundtrip";
        }

        @Override
        public String secret() {
            return "secret-test-roundtrip";
        }

        @Override
        public String publicToken() {
            return "public-token-test-roundtrip";
        }

        @Override
        public Duration magicLinkTtl() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration oauthTokenTtl() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration jwtLifetime() {
            return Duration.ofSeconds(300);
        }

        @Override
        public String publicBaseUrl() {
            return "http://127.0.0.1:8090";
        }

        @Override
        public int userLockThreshold() {
            return 10;
        }

        @Override
        public Duration userLockTtl() {
            return Duration.ofHours(1);
        }

        @Override
        public Duration jwksMaxStall() {
            return Duration.ofSeconds(1);
        }
    };

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Session SESSION = new Session("session-test-1", "user-test-1", "token",
            NOW, NOW, NOW.plus(Duration.ofHours(1)), List.of());

    private final SigningKeys keys = new SigningKeys();
    private final SessionJwtIssuer issuer = new SessionJwtIssuer(keys, CONFIG, new ObjectMapper());
    private final SessionJwtVerifier verifier = new SessionJwtVerifier(keys, CONFIG);

    private static void assertRejected(SessionJwtVerifier verifier, String jwt) {
        StytchException e = assertThrows(StytchException.class, () -> verifier.sessionIdOf(jwt));
        assertEquals(StytchError.INVALID_SESSION_JWT, e.error());
    }

    @Test
    void verifierReadsTheSessionIdFromAJwtTheIssuerMinted() {
        String jwt = issuer.mint(SESSION, NOW, Duration.ofMinutes(5)).compact();

        assertEquals("session-test-1", verifier.sessionIdOf(jwt));
    }

    @Test
    void verifierAcceptsAJwtLongPastItsExpiry() {
        String jwt = issuer.mint(SESSION, Instant.parse("2000-01-01T00:00:00Z"), Duration.ofSeconds(1)).compact();

        assertEquals("session-test-1", verifier.sessionIdOf(jwt));
    }

    @Test
    void mintedExpiryIsIssuedAtPlusLifetime() {
        assertEquals(NOW.plusSeconds(42), issuer.mint(SESSION, NOW, Duration.ofSeconds(42)).expiresAt());
    }

    @Test
    void rejectsAJwtSignedByAnotherProjectsKeys() {
        SigningKeys otherKeys = new SigningKeys();
        String jwt = new SessionJwtIssuer(otherKeys, CONFIG, new ObjectMapper())
                .mint(SESSION, NOW, Duration.ofMinutes(5)).compact();

        assertRejected(verifier, jwt);
    }

    @Test
    void rejectsAJwtWithAnotherIssuer() {
        String jwt = issuer.mint(SESSION, NOW, Duration.ofMinutes(5), Map.of("iss", "stytch.com/project-test-other"))
                .compact();

        assertRejected(verifier, jwt);
    }

    @Test
    void rejectsAJwtForAnotherAudience() {
        String jwt = issuer.mint(SESSION, NOW, Duration.ofMinutes(5), Map.of("aud", List.of("project-test-other")))
                .compact();

        assertRejected(verifier, jwt);
    }

    @Test
    void rejectsAJwtWithoutASessionClaim() {
        String jwt = issuer.mint(SESSION, NOW, Duration.ofMinutes(5), Map.of(SessionClaims.CLAIM, "nope")).compact();

        assertRejected(verifier, jwt);
    }

    @Test
    void rejectsAJwtSignedByAKeyRetiredSinceMinting() {
        String jwt = issuer.mint(SESSION, NOW, Duration.ofMinutes(5)).compact();

        keys.rotate(true);

        assertRejected(verifier, jwt);
    }

    @Test
    void keepsVerifyingAJwtAfterARotationThatKeepsOldKeys() {
        String jwt = issuer.mint(SESSION, NOW, Duration.ofMinutes(5)).compact();

        keys.rotate(false);

        assertEquals("session-test-1", verifier.sessionIdOf(jwt));
    }
}
