package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.security.SigningKeys;
import studio.ainative.devkit.stytch.service.IssuedSession;
import studio.ainative.devkit.stytch.service.SessionService;

/** Stytch's sessions API. Basic auth is enforced by ProjectSecretFilter, which leaves the JWKS public. */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    private static final int JWKS_MAX_AGE_SECONDS = 300;

    private final SessionService sessions;
    private final SigningKeys keys;
    private final StytchConfig config;

    public SessionsResource(SessionService sessions, SigningKeys keys, StytchConfig config) {
        this.sessions = sessions;
        this.keys = keys;
        this.config = config;
    }

    @POST
    @Path("/authenticate")
    @Consumes(MediaType.APPLICATION_JSON)
    public SessionAuthenticateResponse authenticate(SessionAuthenticateRequest request) {
        RequiredBody.check(request);
        IssuedSession issued = sessions.authenticate(request.sessionToken(), request.sessionJwt(),
                SessionDuration.ofNullable(request.sessionDurationMinutes()));
        return new SessionAuthenticateResponse(StytchIds.requestId(), 200, SessionView.of(issued.session()),
                issued.session().token(), issued.jwt().compact(), UserView.of(issued.user()));
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    public StatusResponse revoke(SessionRevokeRequest request) {
        RequiredBody.check(request);
        sessions.revoke(request.sessionId(), request.sessionToken(), request.sessionJwt());
        return new StatusResponse(StytchIds.requestId(), 200);
    }

    /** Public like Stytch's, and cacheable so verifiers can be tested against their JWKS caching. */
    @GET
    @Path("/jwks/{project_id}")
    public Response jwks(@PathParam("project_id") String projectId) {
        if (!config.projectId().equals(projectId)) {
            throw new StytchException(StytchError.PROJECT_NOT_FOUND);
        }
        return Response.ok(new JwksResponse(keys.publishedJwks(), StytchIds.requestId(), 200))
                .header("Cache-Control", "public, max-age=" + JWKS_MAX_AGE_SECONDS)
                .build();
    }
}
