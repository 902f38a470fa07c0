package studio.ainative.platform.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Verifies the principals identity-service signs (RFC 9701 introspection answers) with smallrye-jwt's
 * {@link JWTParser}, configured once for the whole platform: identity's issuer, the platform audience and
 * identity's key set ({@code mp.jwt.verify.*} in this library's {@code microprofile-config.properties}).
 * On top of the parser's checks: the header type must be {@value #JWT_TYPE} (no other JWT identity's key
 * might ever sign passes for a principal), and a signed principal never outlives the user token it speaks for.
 *
 * <p>{@link #verify} may fetch identity's JWKS (the first time, and when a new {@code kid} appears), so it
 * blocks: callers run it on a worker thread.
 */
@ApplicationScoped
public class SignedPrincipals {

    public static final String JWT_TYPE = "token-introspection+jwt";
    static final String INTROSPECTION_CLAIM = "token_introspection";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JWTParser parser;

    public SignedPrincipals(JWTParser parser) {
        this.parser = parser;
    }

    /** identity's answer and the caller as a {@link JsonWebToken}; {@link ParseException} when anything does not hold. */
    public IdentityAnswer verify(String jwt) throws ParseException {
        JsonWebToken verified = parser.parse(jwt);
        if (!JWT_TYPE.equals(headerType(jwt))) {
            throw new ParseException("not a signed principal: the JWT type must be " + JWT_TYPE);
        }
        JsonValue claim = verified.getClaim(INTROSPECTION_CLAIM);
        if (!(claim instanceof JsonObject introspection)) {
            throw new ParseException("the signed principal carries no " + INTROSPECTION_CLAIM + " claim");
        }
        IntrospectionResult result;
        try {
            result = JSON.readValue(introspection.toString(), IntrospectionResult.class);
        } catch (JsonProcessingException e) {
            throw new ParseException("the signed principal's " + INTROSPECTION_CLAIM + " claim is malformed");
        }
        if (result.exp() != null && verified.getExpirationTime() > result.exp()) {
            throw new ParseException("the signed principal outlives the user token");
        }
        return new IdentityAnswer(result, result.isUsable() ? caller(jwt, verified, result) : null);
    }

    /**
     * The caller as resource code sees it through {@code @Inject JsonWebToken}: the signed principal's own
     * claims ({@code iss}, {@code aud}, {@code iat}, {@code exp}, {@code jti}, {@code token_introspection}),
     * plus {@code upn} (the principal's name), {@code groups} (its role), {@code sub} (the user's subject,
     * or {@code api_key:<id>}) and the answer's project, user, owner id, email, provider and session.
     */
    private static JsonWebToken caller(String raw, JsonWebToken verified, IntrospectionResult result) {
        PlatformPrincipal principal = result.toPrincipal();
        JwtClaims claims = new JwtClaims();
        for (String name : verified.getClaimNames()) {
            Object value = verified.getClaim(name);
            if (value instanceof JsonValue json) {
                claims.setClaim(name, plain(json));
            } else if (value instanceof Set<?> set) {
                claims.setClaim(name, List.copyOf(set));
            } else if (value != null) {
                claims.setClaim(name, value);
            }
        }
        claims.setClaim("upn", principal.name());
        claims.setClaim("groups", List.of(principal.tokenType().role()));
        claims.setSubject(principal.sub());
        claims.setClaim("token_type", result.tokenType());
        claims.setClaim("project_id", result.projectId().toString());
        putIfPresent(claims, "user_id", principal.userId());
        putIfPresent(claims, "owner_id", principal.ownerId());
        putIfPresent(claims, "email", principal.email());
        putIfPresent(claims, "provider", principal.provider());
        putIfPresent(claims, "session_id", principal.sessionId());
        claims.setClaim("raw_token", raw);
        return new DefaultJWTCallerPrincipal(JWT_TYPE, claims);
    }

    /** The {@code typ} header of a JWT the parser has just verified. */
    private static String headerType(String jwt) throws ParseException {
        try {
            return JsonWebStructure.fromCompactSerialization(jwt).getHeader("typ");
        } catch (JoseException e) {
            throw new ParseException("the signed principal's header is malformed");
        }
    }

    private static Object plain(JsonValue json) {
        try {
            return JSON.readValue(json.toString(), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed claim is always JSON", e);
        }
    }

    private static void putIfPresent(JwtClaims claims, String name, String value) {
        if (value != null) {
            claims.setClaim(name, value);
        }
    }
}
