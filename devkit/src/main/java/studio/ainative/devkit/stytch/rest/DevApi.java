package studio.ainative.devkit.stytch.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import studio.ainative.devkit.stytch.OutboxMessage;

/** Bodies of devkit's own helpers under /dev (no Stytch counterpart). */
public final class DevApi {

    private DevApi() {
    }

    /** {@code claims} are merged into the JWT last, so they may override standard claims. */
    public record TokenRequest(String email, Long lifetimeSeconds, Map<String, Object> claims,
                               Boolean includeEmailFactor) {
    }

    /** {@code expiresAt} is the JWT's standard exp, before any claim override. */
    public record TokenResponse(String sessionJwt, String sessionToken, String sessionId, String userId, String email,
                                String kid, Instant expiresAt) {
    }

    public record KeyRotationResponse(String kid, List<String> publishedKids) {
    }

    /** {@code mode}: {@code error} (with {@code status}, 400..599, default 500) or {@code stall}. */
    public record JwksFaultRequest(String mode, Integer status) {
    }

    /** The armed JWKS fault ({@code mode} {@code none} when there is none) and the JWKS requests seen since start. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JwksFaultView(String mode, Integer status, long jwksRequests, long faultsServed) {
    }

    /** A message of the outbox; {@code kind} says what it carries, and only that kind's members appear. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutboxMessageView(String kind, String email, String userId, String emailId, String token,
                                    String code, String url, Instant createdAt, Instant expiresAt) {
        static OutboxMessageView of(OutboxMessage message) {
            return new OutboxMessageView(message.kind().wireName(), message.email(), message.userId(),
                    message.emailId(), message.token(), message.code(), message.url(), message.createdAt(),
                    message.expiresAt());
        }
    }
}
