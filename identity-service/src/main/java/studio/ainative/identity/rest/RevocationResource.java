package studio.ainative.identity.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Stream;
import studio.ainative.identity.security.ApiKeyAuthenticator;
import studio.ainative.identity.security.ApiKeys;
import studio.ainative.identity.security.BearerCredentials;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.identity.service.IntrospectionService;
import studio.ainative.identity.service.RevocationService;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.platform.web.ApiException;

/**
 * {@code POST /api/v1/auth/revoke}. An end user (Bearer JWT) revokes the token it presents (empty
 * body) or its session ({@code {"scope": "session"}}); a project API key revokes one of
 * {@code {"token"}}, {@code {"session_id"}} or {@code {"user_id"}} (optionally with {@code "provider_id"}) within its project.
 */
@Path("/api/v1/auth/revoke")
public class RevocationResource {

    /** The request body; every member optional, at most one target for an API key. */
    public record RevokeRequest(String scope, String token, String sessionId, String userId, String providerId) {
    }

    private final RevocationService revocations;
    private final IntrospectionService introspection;
    private final ApiKeyAuthenticator apiKeys;
    private final ObjectMapper json;

    public RevocationResource(RevocationService revocations, IntrospectionService introspection, ApiKeyAuthenticator apiKeys,
                              ObjectMapper json) {
        this.revocations = revocations;
        this.introspection = introspection;
        this.apiKeys = apiKeys;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RevocationService.Revoked> revoke(@BeanParam CallerHeaders headers, String body) {
        RevokeRequest request = parse(body);
        String bearer = BearerCredentials.token(headers.authorization);
        boolean byApiKey = (headers.apiKey != null && !headers.apiKey.isBlank()) || (bearer != null && bearer.startsWith(ApiKeys.PREFIX));
        if (byApiKey) {
            return headers.caller(apiKeys).chain(caller -> {
                long targets = Stream.of(request.token(), request.sessionId(), request.userId()).filter(v -> v != null).count();
                if (targets != 1 || request.scope() != null) {
                    throw ApiException.badRequest("invalid_request", "send exactly one of token, session_id or user_id");
                }
                if (request.providerId() != null && request.userId() == null) {
                    throw ApiException.badRequest("invalid_request", "provider_id goes only with user_id");
                }
                if (request.token() != null) {
                    return revocations.revokeToken(caller, request.token().strip());
                }
                return request.sessionId() != null ? revocations.revokeSession(caller, request.sessionId())
                        : revocations.revokeUser(caller, request.userId(), request.providerId());
            });
        }
        if (bearer == null) {
            return Uni.createFrom().failure(new ApiException(401, "missing_credentials",
                    "send the token to revoke as 'Authorization: Bearer', or a project API key"));
        }
        if (request.token() != null || request.sessionId() != null || request.userId() != null || request.providerId() != null) {
            return Uni.createFrom().failure(new ApiException(403, "api_key_required",
                    "an end user can only revoke its own token or session"));
        }
        boolean wholeSession = "session".equals(request.scope());
        if (request.scope() != null && !wholeSession && !"token".equals(request.scope())) {
            return Uni.createFrom().failure(ApiException.badRequest("invalid_request", "scope is \"token\" or \"session\""));
        }
        return introspection.introspect(bearer, headers.project).chain(outcome -> {
            IntrospectionService.requireProject(outcome, headers.project);
            if (outcome instanceof IntrospectionOutcome.Active active) {
                return revocations.revokeOwn(active, wholeSession);
            }
            RejectionReason reason = outcome instanceof IntrospectionOutcome.Inactive i ? i.reason() : RejectionReason.INVALID;
            throw new ApiException(401, "invalid_token", reason.description());
        });
    }

    private RevokeRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new RevokeRequest(null, null, null, null, null);
        }
        try {
            return json.readValue(body, RevokeRequest.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "request body is not valid JSON for this endpoint");
        }
    }
}
