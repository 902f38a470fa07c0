package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.rest.EmailSignInApi.AuthenticateResponse;
import studio.ainative.devkit.stytch.rest.EmailSignInApi.LoginOrCreateResponse;
import studio.ainative.devkit.stytch.rest.EmailSignInApi.SendResponse;
import studio.ainative.devkit.stytch.rest.MagicLinksApi.AuthenticateRequest;
import studio.ainative.devkit.stytch.rest.MagicLinksApi.LoginOrCreateRequest;
import studio.ainative.devkit.stytch.rest.MagicLinksApi.SendRequest;
import studio.ainative.devkit.stytch.service.MagicLinkService;

/** Stytch's email magic-link API. Basic auth is enforced by ProjectSecretFilter. */
@Path("/v1/magic_links")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MagicLinksResource {

    private final MagicLinkService magicLinks;
    private final UserViews userViews;

    public MagicLinksResource(MagicLinkService magicLinks, UserViews userViews) {
        this.magicLinks = magicLinks;
        this.userViews = userViews;
    }

    @POST
    @Path("/email/send")
    public SendResponse send(SendRequest request) {
        RequiredBody.check(request);
        return SendResponse.of(
                magicLinks.send(request.email(), request.loginMagicLinkUrl(), request.signupMagicLinkUrl()));
    }

    @POST
    @Path("/email/login_or_create")
    public LoginOrCreateResponse loginOrCreate(LoginOrCreateRequest request) {
        RequiredBody.check(request);
        return LoginOrCreateResponse.of(magicLinks.loginOrCreate(request.email(), request.loginMagicLinkUrl(),
                request.signupMagicLinkUrl(), request.createUserAsPending()));
    }

    @POST
    @Path("/authenticate")
    public AuthenticateResponse authenticate(AuthenticateRequest request) {
        RequiredBody.check(request);
        return AuthenticateResponse.of(
                magicLinks.authenticate(request.token(), request.sessionDurationMinutes()), userViews);
    }
}
