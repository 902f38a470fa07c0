package studio.ainative.identity.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.identity.verification.TestTokens.AUDIENCE;
import static studio.ainative.identity.verification.TestTokens.EC;
import static studio.ainative.identity.verification.TestTokens.ISSUER;
import static studio.ainative.identity.verification.TestTokens.MAX_TOKEN_BYTES;
import static studio.ainative.identity.verification.TestTokens.NOW;
import static studio.ainative.identity.verification.TestTokens.RSA;
import static studio.ainative.identity.verification.TestTokens.SKEW_SECONDS;
import static studio.ainative.identity.verification.TestTokens.keysByKid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fuzz.HostileTokens;
import studio.ainative.identity.jwks.KeySet;
import studio.ainative.platform.testing.fuzz.Fuzz;
import studio.ainative.platform.testing.fuzz.FuzzReport;

/**
 * Fuzzes the verification pipeline the way the service runs it (claimedIssuer, parse, selectKey, verify)
 * with {@link HostileTokens} and the corpus {@code fuzz/token/}: every token is accepted or refused with a
 * {@link TokenRejectedException}, within 100 ms; {@code -Dfuzz.duration} sets how long (30 s by default).
 * What the pipeline accepts must also be what it promises: a signature that the provider's key verifies
 * (checked here with the JCA directly), the provider's issuer and audience, an expiry not passed, and the
 * issuer {@code claimedIssuer} reported.
 */
class TokenVerifierFuzzTest {

    private static final KeySet PROVIDER_KEYS = keysByKid(RSA, EC);
    private static final VerificationPolicy PLAIN = TestTokens.policy("RS256", "ES256");
    private static final VerificationPolicy STRICT = new VerificationPolicy(ISSUER, AUDIENCE, List.of("RS256", "ES256"), SKEW_SECONDS,
            Map.of("email_verified", true), "JWT");

    private final TokenVerifier verifier = new TokenVerifier(MAX_TOKEN_BYTES);

    @Test
    void everyTokenIsAcceptedOrRejectedAsDocumentedWithin100Milliseconds() {
        HostileTokens tokens = new HostileTokens(new HostileTokens.Provider(ISSUER, AUDIENCE, RSA, EC, NOW.getEpochSecond()));
        FuzzReport report = Fuzz.of("token", tokens::next, this::verifyLikeTheService, Fuzz.oneOf(TokenRejectedException.class))
                .withSeedForm(tokens::seedInput)
                .run();
        assertTrue(report.inputs() > report.corpusInputs(), "the fuzzer generated no input");
        assertTrue(report.refused() < report.inputs(), "no token was accepted: the generator never reached the claim checks");
    }

    private void verifyLikeTheService(String token) throws TokenRejectedException {
        Optional<String> claimed = verifier.claimedIssuer(token);
        UnverifiedToken parsed = verifier.parse(token);
        claimed.ifPresent(issuer -> assertEquals(parsed.issuer(), issuer, "claimedIssuer disagrees with parse"));
        Optional<PublicJsonWebKey> key = verifier.selectKey(parsed, PROVIDER_KEYS);
        if (key.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.INVALID, "unknown kid");
        }
        VerificationPolicy policy = (token.hashCode() & 1) == 0 ? PLAIN : STRICT;
        JwtClaims claims = verifier.verify(parsed, key.get(), policy, NOW);
        assertKeptItsPromises(token, key.get(), claims);
    }

    /** An accepted token: really signed by that key, and issued by and for the provider, not yet expired. */
    private static void assertKeptItsPromises(String token, PublicJsonWebKey key, JwtClaims claims) {
        int lastDot = token.lastIndexOf('.');
        String alg = key instanceof RsaJsonWebKey ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
        try {
            Signature signature = Signature.getInstance(alg);
            signature.initVerify(key.getPublicKey());
            signature.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            assertTrue(signature.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1))), "accepted a forged signature");
            assertEquals(ISSUER, claims.getIssuer());
            assertTrue(claims.getAudience().contains(AUDIENCE), "accepted another audience");
            assertTrue(claims.getExpirationTime().getValue() + SKEW_SECONDS > NOW.getEpochSecond(), "accepted an expired token");
        } catch (GeneralSecurityException | MalformedClaimException e) {
            throw new AssertionError("an accepted token does not hold up", e);
        }
    }
}
