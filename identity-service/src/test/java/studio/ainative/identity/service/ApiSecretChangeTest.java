package studio.ainative.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.Provider;

/** Which PATCH re-points a provider's secret: the JWKS URI's origin (scheme, host, port) or api_base_url. */
class ApiSecretChangeTest {

    private static final String JWKS = "https://idp.example.com/.well-known/jwks.json";

    private static Provider stored(String jwksUri, String apiBaseUrl, boolean withSecret) {
        return new Provider(UUID.randomUUID(), UUID.randomUUID(), "stytch", null, "client", "client", jwksUri, "iss",
                Map.of("user_id", "sub"), List.of("RS256"), 60, withSecret ? new byte[] {2, 1} : null, apiBaseUrl, null, null,
                "", Map.of(), null);
    }

    private static ProviderDraft draft(String jwksUri, String apiBaseUrl, String secret) {
        return new ProviderDraft("stytch", null, "client", "client", jwksUri, "iss", Map.of("user_id", "sub"), List.of("RS256"), 60,
                secret, apiBaseUrl, Map.of(), null, ProviderDraft.Derived.NONE);
    }

    private static ApiSecretChange change(String fromJwks, String toJwks) {
        return ApiSecretChange.of(stored(fromJwks, null, true), draft(toJwks, null, null), null);
    }

    @Test
    void keepsTheSecretWhenOnlyThePathChanges() {
        assertEquals(ApiSecretChange.KEPT, change(JWKS, "https://idp.example.com/other/jwks"));
    }

    @Test
    void keepsTheSecretWhenTheDefaultPortIsWrittenOut() {
        assertEquals(ApiSecretChange.KEPT, change(JWKS, "https://idp.example.com:443/.well-known/jwks.json"));
    }

    @Test
    void keepsTheSecretWhenOnlyTheCaseOfSchemeAndHostChanges() {
        assertEquals(ApiSecretChange.KEPT, change(JWKS, "HTTPS://IdP.Example.com/.well-known/jwks.json"));
    }

    @Test
    void dropsTheSecretWhenTheHostChanges() {
        assertEquals(ApiSecretChange.DROPPED, change(JWKS, "https://attacker.example.net/.well-known/jwks.json"));
    }

    @Test
    void dropsTheSecretWhenThePortChanges() {
        assertEquals(ApiSecretChange.DROPPED, change(JWKS, "https://idp.example.com:8443/.well-known/jwks.json"));
    }

    @Test
    void dropsTheSecretWhenTheSchemeChanges() {
        assertEquals(ApiSecretChange.DROPPED, change(JWKS, "http://idp.example.com/.well-known/jwks.json"));
    }

    @Test
    void dropsTheSecretWhenApiBaseUrlChanges() {
        assertEquals(ApiSecretChange.DROPPED, ApiSecretChange.of(stored(JWKS, "https://api.example.com/v1", true),
                draft(JWKS, "https://api.example.com/v2", null), null));
    }

    @Test
    void dropsTheSecretWhenApiBaseUrlIsRemoved() {
        assertEquals(ApiSecretChange.DROPPED, ApiSecretChange.of(stored(JWKS, "https://api.example.com", true),
                draft(JWKS, null, null), null));
    }

    @Test
    void dropsTheSecretWhenApiBaseUrlIsSetWhereTheJwksOriginWasUsed() {
        assertEquals(ApiSecretChange.DROPPED, ApiSecretChange.of(stored(JWKS, null, true),
                draft(JWKS, "https://idp.example.com", null), null));
    }

    @Test
    void storesTheSecretSentWithTheMove() {
        assertEquals(ApiSecretChange.REPLACED, ApiSecretChange.of(stored(JWKS, null, true),
                draft("https://elsewhere.example.net/jwks", null, "new-secret"), "new-secret"));
    }

    @Test
    void removesTheSecretOnAnEmptyOne() {
        assertEquals(ApiSecretChange.REMOVED, ApiSecretChange.of(stored(JWKS, null, true), draft(JWKS, null, null), ""));
    }

    @Test
    void hasNothingToDropWithoutAStoredSecret() {
        assertEquals(ApiSecretChange.KEPT, ApiSecretChange.of(stored(JWKS, null, false),
                draft("https://elsewhere.example.net/jwks", null, null), null));
    }
}
