package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import studio.ainative.devkit.stytch.OAuthRegistration;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.rest.OAuthApi.AuthenticateRequest;
import studio.ainative.devkit.stytch.rest.OAuthApi.AuthenticateResponse;
import studio.ainative.devkit.stytch.rest.OAuthApi.ProviderValues;
import studio.ainative.devkit.stytch.service.OAuthService;
import studio.ainative.devkit.stytch.service.OAuthService.OAuthAuthentication;
import studio.ainative.devkit.stytch.service.OAuthService.Started;

/**
 * Stytch's Google OAuth: the public start URL a browser opens (ProjectSecretFilter leaves it
 * without Basic auth; it checks the public token) and the backend's authenticate call.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OAuthResource {

    private final OAuthService oauth;
    private final UserViews userViews;

    public OAuthResource(OAuthService oauth, UserViews userViews) {
        this.oauth = oauth;
        this.userViews = userViews;
    }

    /** Redirects (302) to the app's login or signup URL with the OAuth token, as Stytch's callback does. */
    @GET
    @Path("/public/oauth/google/start")
    public Response startGoogle(@QueryParam("public_token") String publicToken,
            @QueryParam("login_redirect_url") String loginRedirectUrl,
            @QueryParam("signup_redirect_url") String signupRedirectUrl,
            @QueryParam("devkit_email") String devkitEmail) {
        Started started = oauth.startGoogle(publicToken, loginRedirectUrl, signupRedirectUrl, devkitEmail);
        return Response.status(Response.Status.FOUND).location(started.redirect()).build();
    }

    @POST
    @Path("/oauth/authenticate")
    @Consumes(MediaType.APPLICATION_JSON)
    public AuthenticateResponse authenticate(AuthenticateRequest request) {
        RequiredBody.check(request);
        OAuthAuthentication result = oauth.authenticate(request.token(), request.sessionDurationMinutes());
        StartedSession session = StartedSession.of(result.signedIn().session());
        OAuthRegistration registration = result.registration();
        return new AuthenticateResponse(StytchIds.requestId(), result.signedIn().user().userId(),
                registration.providerSubject(), registration.providerType(), session.token(), session.jwt(),
                new ProviderValues("", "", "", OAuthApi.GOOGLE_SCOPES), userViews.of(result.signedIn().user()), false,
                registration.registrationId(), 200, session.session());
    }
}
