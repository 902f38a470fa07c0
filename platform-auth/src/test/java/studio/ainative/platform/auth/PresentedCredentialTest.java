package studio.ainative.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PresentedCredentialTest {

    @Test
    void readsBearerTokenWhateverTheSchemeCase() {
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "bEaReR"}) {
            PresentedCredential credential = PresentedCredential.from(scheme + " eyJ.abc.def", null);
            assertEquals("eyJ.abc.def", credential.token(), scheme);
            assertEquals(PresentedCredential.Source.BEARER, credential.source(), scheme);
        }
    }

    @Test
    void apiKeyHeaderWinsOverAuthorization() {
        PresentedCredential credential = PresentedCredential.from("Bearer eyJ.user.jwt", "ak_project_key");
        assertEquals("ak_project_key", credential.token());
        assertEquals(PresentedCredential.Source.API_KEY_HEADER, credential.source());
    }

    @Test
    void blankApiKeyHeaderFallsBackToBearer() {
        assertEquals("eyJ.user.jwt", PresentedCredential.from("Bearer eyJ.user.jwt", "  ").token());
    }

    @Test
    void otherSchemesAreNoCredential() {
        assertNull(PresentedCredential.from("Basic dXNlcjpwYXNz", null));
        assertNull(PresentedCredential.from("Bearereyj.no.space", null));
    }

    @Test
    void emptyBearerIsNoCredential() {
        assertNull(PresentedCredential.from("Bearer    ", null));
        assertNull(PresentedCredential.from("Bearer", null));
        assertNull(PresentedCredential.from(null, null));
    }

    @Test
    void hintsApiKeyForTheHeaderAndForAkPrefixedBearerTokens() {
        assertEquals("api_key", PresentedCredential.from(null, "anything").typeHint());
        assertEquals("api_key", PresentedCredential.from("Bearer ak_abc", null).typeHint());
        assertEquals("access_token", PresentedCredential.from("Bearer eyJ.a.b", null).typeHint());
    }

    @Test
    void neverPrintsTheToken() {
        assertEquals(false, PresentedCredential.from("Bearer secret-token", null).toString().contains("secret-token"));
    }
}
