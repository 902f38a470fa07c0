package studio.ainative.platform.auth;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What identity said of a credential, verified: its RFC 7662 members and, for an active answer, the
 * signed principal as the {@link JsonWebToken} resource code sees ({@code getRawToken()} is the signed
 * principal itself, which this service may hand on to another one for the same caller).
 *
 * @param token null for an inactive answer
 */
public record IdentityAnswer(IntrospectionResult result, JsonWebToken token) {
}
