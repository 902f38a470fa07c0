package studio.ainative.identity.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.util.UUID;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.security.ApiKeys;
import studio.ainative.identity.service.ProjectService;
import studio.ainative.platform.web.ApiException;

/**
 * Operator bootstrap: creates a project and its first API key. Lives under {@code /internal}, which no
 * gateway routes, and needs the admin token from the deployment's Secret.
 */
@Path("/internal/v1/admin/projects")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    public record CreateProjectRequest(String name) {
    }

    public record CreatedProject(UUID projectId, String name, ApiKeyResource.ApiKeyView apiKey) {
    }

    private final ProjectService projects;
    private final IdentityConfig config;

    public AdminResource(ProjectService projects, IdentityConfig config) {
        this.projects = projects;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@HeaderParam("X-Admin-Token") String adminToken, CreateProjectRequest request) {
        if (!adminTokenMatches(adminToken, config.adminToken())) {
            return Uni.createFrom().failure(new ApiException(401, "invalid_admin_token", "a valid X-Admin-Token is required"));
        }
        String name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            return Uni.createFrom().failure(ApiException.badRequest("invalid_request", "name is required (1..200 characters)"));
        }
        return projects.bootstrap(name).map(b -> Response.status(201).entity(new CreatedProject(b.project().id(),
                b.project().name(), ApiKeyResource.ApiKeyView.of(b.firstKey().record(), b.firstKey().key()))).build());
    }

    /** Constant-time comparison (of digests, so the length of the secret does not show either). */
    static boolean adminTokenMatches(String presented, String expected) {
        if (presented == null || expected == null || expected.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(ApiKeys.hash(presented), ApiKeys.hash(expected));
    }
}
