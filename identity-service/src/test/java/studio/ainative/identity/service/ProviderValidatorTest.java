package studio.ainative.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.rest.ProviderRequest;
import studio.ainative.platform.web.ApiException;

/** What a stytch registration stores for its JWKS and session API, with Stytch's real hosts. */
class ProviderValidatorTest {

    private static final String TEST_PROJECT = "project-test-3e71d0a1-1e3e-4ee2-9be0-d7c0900f02c2";
    private static final String LIVE_PROJECT = "project-live-c60c0abe-c25a-4472-a9ed-320c6667d317";

    private final ProviderValidator validator = new ProviderValidator(60, 300,
            new StytchEndpoints("https://test.stytch.com", "https://api.stytch.com"));

    private static ProviderRequest request(String provider, String clientId, String jwksUri, String apiBaseUrl) {
        return new ProviderRequest(provider, "stytch.com", clientId, jwksUri, "stytch.com/" + clientId,
                Map.of("user_id", "sub", "email", "emails"), null, null, null, null, apiBaseUrl, null, null);
    }

    /** The guide's body: https://stytch.com/v1/sessions/jwks/{project id}. */
    private static ProviderRequest guide(String projectId) {
        return request("stytch", projectId, "https://stytch.com/v1/sessions/jwks/" + projectId, null);
    }

    @Test
    void storesTheTestHostForTheGuidesUrlOfATestProject() {
        ProviderDraft draft = validator.validate(guide(TEST_PROJECT));
        assertEquals("https://test.stytch.com/v1/sessions/jwks/" + TEST_PROJECT, draft.jwksUri());
        assertEquals("https://test.stytch.com", draft.apiBaseUrl());
        assertEquals(new ProviderDraft.Derived(true, true), draft.derived());
    }

    @Test
    void storesTheLiveHostForTheGuidesUrlOfALiveProject() {
        ProviderDraft draft = validator.validate(guide(LIVE_PROJECT));
        assertEquals("https://api.stytch.com/v1/sessions/jwks/" + LIVE_PROJECT, draft.jwksUri());
        assertEquals("https://api.stytch.com", draft.apiBaseUrl());
    }

    @Test
    void derivesAMissingJwksUriOfAStytchProvider() {
        ProviderDraft draft = validator.validate(request("stytch", TEST_PROJECT, null, null));
        assertEquals("https://test.stytch.com/v1/sessions/jwks/" + TEST_PROJECT, draft.jwksUri());
        assertTrue(draft.derived().jwksUri());
    }

    @Test
    void keepsAJwksUriOnStytchsApiHostAndLeavesTheSessionApiToItsOrigin() {
        ProviderDraft draft = validator.validate(request("stytch", TEST_PROJECT,
                "https://test.stytch.com/v1/sessions/jwks/" + TEST_PROJECT, null));
        assertEquals("https://test.stytch.com/v1/sessions/jwks/" + TEST_PROJECT, draft.jwksUri());
        assertNull(draft.apiBaseUrl());
        assertFalse(draft.derived().any());
    }

    @Test
    void leavesOtherProvidersUrlsAlone() {
        ProviderDraft draft = validator.validate(request("auth0", TEST_PROJECT, "https://stytch.com/v1/sessions/jwks/x", null));
        assertEquals("https://stytch.com/v1/sessions/jwks/x", draft.jwksUri());
        assertFalse(draft.derived().any());
        ApiException missing = assertThrows(ApiException.class, () -> validator.validate(request("auth0", TEST_PROJECT, null, null)));
        assertEquals("invalid_provider", missing.code());
    }

    @Test
    void refusesToDeriveFromAClientIdThatIsNoStytchProjectId() {
        ApiException e = assertThrows(ApiException.class, () -> validator.validate(guide("YOUR_STYTCH_PROJECT_ID")));
        assertEquals(400, e.status());
        assertEquals("jwks_uri_not_derivable", e.code());
    }

    @Test
    void aNewProjectIdTakesItsDerivedUrlsAlongOnPatch() {
        ProviderDraft current = validator.validate(guide(TEST_PROJECT));
        ProviderDraft moved = validator.merge(current, new ProviderRequest(null, null, LIVE_PROJECT, null, null, null, null,
                null, null, null, null, null, null));
        assertEquals("https://api.stytch.com/v1/sessions/jwks/" + LIVE_PROJECT, moved.jwksUri());
        assertEquals("https://api.stytch.com", moved.apiBaseUrl());
        assertEquals(LIVE_PROJECT, moved.audience());
    }

    @Test
    void aPatchOfAnotherMemberKeepsTheStoredUrlsUnderived() {
        ProviderDraft current = validator.validate(guide(TEST_PROJECT));
        ProviderDraft patched = validator.merge(current, new ProviderRequest(null, null, null, null, null, null, null,
                null, 30, null, null, null, null));
        assertEquals(current.jwksUri(), patched.jwksUri());
        assertEquals(current.apiBaseUrl(), patched.apiBaseUrl());
        assertFalse(patched.derived().any());
    }
}
