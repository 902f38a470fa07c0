package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import studio.ainative.devkit.stytch.JwksFault;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.rest.SessionsApi.AuthenticateRequest;
import studio.ainative.devkit.stytch.rest.SessionsApi.AuthenticateResponse;
import studio.ainative.devkit.stytch.rest.SessionsApi.GetResponse;
import studio.ainative.devkit.stytch.rest.SessionsApi.JwksResponse;
import studio.ainative.devkit.stytch.rest.SessionsApi.RevokeRequest;
import studio.ainative.devkit.stytch.security.SigningKeys;
import studio.ainative.devkit.stytch.service.IssuedSession;
import studio.ainative.devkit.stytch.service.JwksFaults;
import studio.ainative.devkit.stytch.service.SessionService;
import studio.ainative.devkit.stytch.service.UserService;

/** Stytch's sessions API. Basic auth is enforced by ProjectSecretFilter, which leaves the JWKS public. */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    private static final int JWKS_MAX_AGE_SECONDS = 300;

    private final SessionService sessions;
    private final UserService users;
    private final SigningKeys keys;
    private final UserViews userViews;
    private final StytchConfig config;
    private final JwksFaults jwksFaults;

    public SessionsResource(SessionService sessions, UserService users, SigningKeys keys, UserViews userViews,
            StytchConfig config, JwksFaults jwksFaults) {
        this.jwksFaults = jwksFaults;
        this.sessions = sessions;
        this.users = users;
        this.keys = keys;
        this.userViews = userViews;
        this.config = config;
    }

    /** A user's live sessions. */
    @GET
    public GetResponse get(@QueryParam("user_id") String userId) {
        return new GetResponse(StytchIds.requestId(),
                sessions.liveSessionsOf(users.get(userId)).stream().map(SessionView::of).toList(), 200);
    }

    @POST
    @Path("/authenticate")
    @Consumes(MediaType.APPLICATION_JSON)
    public AuthenticateResponse authenticate(AuthenticateRequest request) {
        RequiredBody.check(request);
        IssuedSession issued = sessions.authenticate(request.sessionToken(), request.sessionJwt(),
                SessionDuration.ofNullable(request.sessionDurationMinutes()));
        return new AuthenticateResponse(StytchIds.requestId(), 200, SessionView.of(issued.session()),
                issued.session().token(), issued.jwt().compact(), userViews.of(issued.user()));
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    public StatusResponse revoke(RevokeRequest request) {
        RequiredBody.check(request);
        sessions.revoke(request.sessionId(), request.sessionToken(), request.sessionJwt());
        return new StatusResponse(StytchIds.requestId(), 200);
    }

    /**
     * Public like Stytch's, and cacheable so verifiers can be tested against their JWKS caching. A fault armed
     * through /dev/jwks/fault answers its error status, or holds the request unanswered for
     * {@code jwks-max-stall} and then closes the connection.
     */
    @GET
    @Path("/jwks/{project_id}")
    public Uni<Response> jwks(@PathParam("project_id") String projectId, @Context HttpServerRequest request) {
        if (!config.projectId().equals(projectId)) {
            throw new StytchException(StytchError.PROJECT_NOT_FOUND);
        }
        Optional<JwksFault> fault = jwksFaults.serve();
        if (fault.isEmpty()) {
            return Uni.createFrom().item(Response.ok(new JwksResponse(keys.publishedJwks(), StytchIds.requestId(), 200))
                    .header("Cache-Control", "public, max-age=" + JWKS_MAX_AGE_SECONDS)
                    .build());
        }
        if (fault.get().mode() == JwksFault.Mode.ERROR) {
            int status = fault.get().status();
            return Uni.createFrom().item(StytchExceptionMappers.error(status,
                    status >= 500 ? StytchError.INTERNAL_SERVER_ERROR.type() : StytchError.BAD_REQUEST.type(),
                    "Injected JWKS fault (devkit /dev/jwks/fault)."));
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(config.jwksMaxStall()).map(nothing -> {
            request.connection().close();
            return Response.noContent().build();
        });
    }
}
