package studio.ainative.identity.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.platform.testing.TestIdp;

/** The cheap read of a token's claimed issuer, on which only an "issuer not registered" answer may rest. */
class ClaimedIssuerTest {

    private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k\"}";
    private static final byte[] SIGNATURE = "not checked here".getBytes(StandardCharsets.UTF_8);

    private final TokenVerifier verifier = new TokenVerifier(TestTokens.MAX_TOKEN_BYTES);

    @Test
    void readsTheTopLevelIssuerAndIgnoresNestedOnes() {
        String token = token("{\"sub\":\"u\",\"nested\":{\"iss\":\"inner\"},\"list\":[{\"iss\":\"x\"}],\"iss\":\"https://a.test/\"}");
        assertEquals(Optional.of("https://a.test/"), verifier.claimedIssuer(token));
    }

    @Test
    void readsEscapesExactlyAsTheFullParseDoes() throws TokenRejectedException {
        String token = token("{\"\\u0069ss\":\"https:\\/\\/idp.example.com\\u002fx\",\"sub\":\"u\"}");
        assertEquals(verifier.parse(token).issuer(), verifier.claimedIssuer(token).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"sub\":\"u\"}", "{\"iss\":7}", "{\"iss\":[\"https://a.test/\"]}", "{\"iss\":\"\"}",
            "{\"iss\":null}", "[\"iss\",\"https://a.test/\"]", "not json", "{\"sub\":\"u\",", ""})
    void isEmptyWithoutAStringIssuer(String payload) {
        assertEquals(Optional.empty(), verifier.claimedIssuer(token(payload)));
    }

    @Test
    void isEmptyForTokensOfAnotherShape() {
        String valid = token("{\"iss\":\"https://a.test/\"}");
        assertEquals(Optional.empty(), verifier.claimedIssuer(valid.substring(0, valid.lastIndexOf('.'))));
        assertEquals(Optional.empty(), verifier.claimedIssuer(valid + ".extra"));
        assertEquals(Optional.empty(), verifier.claimedIssuer(valid.replaceFirst("\\.", ".*")));
        assertEquals(Optional.empty(), verifier.claimedIssuer(token("{\"iss\":\"https://a.test/\",\"pad\":\""
                + "x".repeat(TestTokens.MAX_TOKEN_BYTES) + "\"}")));
    }

    @Test
    void aSecondIssuerAfterTheOneReadMakesTheTokenInvalidAnyway() {
        String token = token("{\"iss\":\"https://unregistered.test/\",\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"u\"}");
        assertEquals(Optional.of("https://unregistered.test/"), verifier.claimedIssuer(token));
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.parse(token));
        assertTrue(e.reason() == RejectionReason.INVALID, "duplicate members are refused by the full parse");
    }

    private static String token(String payload) {
        return TestIdp.compact(HEADER, payload, SIGNATURE);
    }
}
