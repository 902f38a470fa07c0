package studio.ainative.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stytch's own hosts (the configuration's defaults), from the project id alone. */
class StytchEndpointsTest {

    private static final String TEST_PROJECT = "project-test-3e71d0a1-1e3e-4ee2-9be0-d7c0900f02c2";
    private static final String LIVE_PROJECT = "project-live-c60c0abe-c25a-4472-a9ed-320c6667d317";

    private final StytchEndpoints stytch = new StytchEndpoints("https://test.stytch.com", "https://api.stytch.com/");

    @Test
    void aTestProjectIsServedFromTestStytchCom() {
        assertEquals(Optional.of("https://test.stytch.com/v1/sessions/jwks/" + TEST_PROJECT), stytch.jwksUri(TEST_PROJECT));
        assertEquals(Optional.of("https://test.stytch.com"), stytch.apiBaseUrl(TEST_PROJECT));
    }

    @Test
    void aLiveProjectIsServedFromApiStytchCom() {
        assertEquals(Optional.of("https://api.stytch.com/v1/sessions/jwks/" + LIVE_PROJECT), stytch.jwksUri(LIVE_PROJECT));
        assertEquals(Optional.of("https://api.stytch.com"), stytch.apiBaseUrl(LIVE_PROJECT));
    }

    @Test
    void anythingElseIsNoStytchProjectId() {
        for (String id : new String[] {"YOUR_STYTCH_PROJECT_ID", "client-123", "project-staging-1", "project-test-",
                "project-test-a/../../admin", "project-live-a?x=1", "xproject-test-1"}) {
            assertEquals(Optional.empty(), stytch.jwksUri(id), id);
            assertEquals(Optional.empty(), stytch.apiBaseUrl(id), id);
        }
    }

    @Test
    void stytchComIsTheSiteAndTheApiHostsAreNot() {
        assertTrue(StytchEndpoints.onStytchSite("https://stytch.com/v1/sessions/jwks/" + TEST_PROJECT));
        assertTrue(StytchEndpoints.onStytchSite("https://WWW.Stytch.com/v1/sessions/jwks/" + TEST_PROJECT));
        assertTrue(StytchEndpoints.onStytchSite("https://stytch.com"));
        assertFalse(StytchEndpoints.onStytchSite("https://test.stytch.com/v1/sessions/jwks/" + TEST_PROJECT));
        assertFalse(StytchEndpoints.onStytchSite("https://api.stytch.com"));
        assertFalse(StytchEndpoints.onStytchSite("https://stytch.com.attacker.example/jwks"));
        assertFalse(StytchEndpoints.onStytchSite("http://127.0.0.1:8090/v1/sessions/jwks/" + TEST_PROJECT));
    }
}
