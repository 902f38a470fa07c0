package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;

import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Reads session JWTs in tests the way a relying party would: through the public JWKS. */
final class SessionJwts {

    private SessionJwts() {
    }

    static JsonWebKeySet publishedKeys() {
        String json = given().when().get("/v1/sessions/jwks/" + StytchApi.projectId())
                .then().statusCode(200).extract().asString();
        try {
            return new JsonWebKeySet(json);
        } catch (JoseException e) {
            throw new AssertionError("JWKS did not parse", e);
        }
    }

    /** Verifies signature, issuer, audience and expiry as an AINative service would. */
    static JwtClaims verifiedClaims(String jwt) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(publishedKeys().getJsonWebKeys()))
                .setExpectedIssuer("stytch.com/" + StytchApi.projectId())
                .setExpectedAudience(StytchApi.projectId())
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .build()
                .processToClaims(jwt);
    }

    /** Claims without any checks, for tokens that are deliberately odd. */
    static JwtClaims unverifiedClaims(String jwt) throws InvalidJwtException {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators()
                .build().processToClaims(jwt);
    }

    static JsonWebSignature header(String jwt) throws JoseException {
        return (JsonWebSignature) JsonWebSignature.fromCompactSerialization(jwt);
    }
}
