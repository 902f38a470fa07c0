package studio.ainative.platform.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * identity-service's RFC 7662 answer, the members a principal needs ({@code iss}, {@code aud} and
 * {@code iat} stay inside {@code claims}). Naming and unknown members are fixed here, not left to the
 * consuming service's global Jackson settings, so a service that refuses unknown members still
 * accepts new fields identity may add.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntrospectionResult(boolean active, String tokenType, UUID projectId, String provider, UUID providerId,
                                  String userId, String email, String sub, Long exp, String sessionId, UUID keyId,
                                  Map<String, Object> claims, String ownerId) {

    static final String USER = "user";
    static final String API_KEY = "api_key";

    /** The principal this answer describes; only for an active answer of a known token type. */
    PlatformPrincipal toPrincipal() {
        if (API_KEY.equals(tokenType)) {
            return new PlatformPrincipal(PlatformPrincipal.TokenType.API_KEY, projectId, null, null, null, null, sub, null,
                    keyId, null, Map.of());
        }
        return new PlatformPrincipal(PlatformPrincipal.TokenType.USER, projectId, provider, providerId, userId, email, sub,
                sessionId, null, exp == null ? null : Instant.ofEpochSecond(exp), claims, ownerId);
    }

    /** Active, of a type this library knows, and naming the fields a principal needs. */
    boolean isUsable() {
        if (!active || projectId == null) {
            return false;
        }
        return API_KEY.equals(tokenType) ? keyId != null : USER.equals(tokenType) && userId != null && !userId.isBlank();
    }
}
