package studio.ainative.devkit.stytch.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.AudValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.config.StytchConfig;

/**
 * Checks that a session JWT was signed by one of this project's published keys and names a
 * session. Expiry is deliberately not checked: Stytch accepts an expired session JWT while its
 * session is still live and answers with a fresh one, so liveness is the session store's call.
 */
@ApplicationScoped
public class SessionJwtVerifier {

    private final SigningKeys keys;
    private final StytchConfig config;

    public SessionJwtVerifier(SigningKeys keys, StytchConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public String sessionIdOf(String jwt) {
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(jwt);
        } catch (InvalidJwtException e) {
            throw new StytchException(StytchError.INVALID_SESSION_JWT);
        }
        if (claims.getClaimValue(SessionClaims.CLAIM) instanceof Map<?, ?> session
                && session.get("id") instanceof String sessionId) {
            return sessionId;
        }
        throw new StytchException(StytchError.INVALID_SESSION_JWT);
    }

    /** Built per call because key rotation changes which keys verify. */
    private JwtConsumer consumer() {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.verificationKeys()))
                .setSkipAllDefaultValidators()
                .registerValidator(new IssValidator(SessionClaims.issuer(config.projectId()), true))
                .registerValidator(new AudValidator(Set.of(config.projectId()), true))
                .build();
    }
}
