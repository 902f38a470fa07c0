package studio.ainative.zerodb.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestPath;
import studio.ainative.platform.auth.PlatformRoles;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.security.CallerAccess;
import studio.ainative.zerodb.service.RlsSettingsService;

/** The project's row-level security setting (guide, Step 6). Project API keys only. */
@Path("/api/v1/zerodb/projects/{project_id}/rls")
@RolesAllowed(PlatformRoles.API_KEY)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RlsResource {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final RlsSettingsService settings;
    private final CallerAccess caller;

    public RlsResource(RlsSettingsService settings, CallerAccess caller) {
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    public Uni<RlsApi.RlsView> get(@RestPath("project_id") String projectId) {
        UUID project = projectId(projectId);
        return caller.access().chain(access -> settings.get(access, project)).map(RlsApi.RlsView::of);
    }

    @POST
    public Uni<RlsApi.RlsView> set(@RestPath("project_id") String projectId, RlsApi.RlsRequest body) {
        UUID project = projectId(projectId);
        RlsApi.RlsRequest request = VectorResource.required(body);
        return caller.access().chain(access -> settings.set(access, project, request.enabled(), request.userIdClaim(), request.policy()))
                .map(RlsApi.RlsView::of);
    }

    private static UUID projectId(String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw ApiException.badRequest("invalid_project_id", "project_id must be a UUID");
        }
        return UUID.fromString(text);
    }
}
