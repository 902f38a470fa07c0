package studio.ainative.identity.verification;

import java.util.Map;
import org.jose4j.jwt.JwtClaims;

/**
 * A token that passed the structural pre-checks and was decoded, but whose signature and claims
 * have not been checked yet. Its {@link #issuer()} picks the provider; its claims may name cache and
 * deny-list entries to fetch early, but decide nothing until the signature is checked.
 *
 * @param header       the decoded JOSE header
 * @param claims       the decoded claims, not yet trusted
 * @param claimsMap    the same claims as a read-only map: what {@link JwtClaims#getClaimsMap()} gives, without the copy
 *                     that makes on every call
 * @param signingInput the ASCII bytes the signature covers: the first two segments and the dot between them
 * @param signature    the decoded signature segment
 */
public record UnverifiedToken(Map<String, Object> header, JwtClaims claims, Map<String, Object> claimsMap, byte[] signingInput, byte[] signature,
                              String issuer, String kid, String algorithm) {

    /** Never the claims: a record's own toString would print them into any log that names the token. */
    @Override
    public String toString() {
        return "UnverifiedToken[alg=" + algorithm + ", kid=" + kid + "]";
    }
}
