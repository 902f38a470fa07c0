package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.service.MagicLinkService;
import studio.ainative.devkit.stytch.service.MagicLinkService.MagicLinkAuthentication;

/** Stytch's email magic-link API. Basic auth is enforced by ProjectSecretFilter. */
@Path("/v1/magic_links")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MagicLinksResource {

    private final MagicLinkService magicLinks;

    public MagicLinksResource(MagicLinkService magicLinks) {
        this.magicLinks = magicLinks;
    }

    @POST
    @Path("/email/send")
    public MagicLinkSendResponse send(MagicLinkSendRequest request) {
        RequiredBody.check(request);
        User user = magicLinks.send(request.email(), request.loginMagicLinkUrl(), request.signupMagicLinkUrl());
        return new MagicLinkSendResponse(StytchIds.requestId(), user.userId(), user.email().emailId(), 200);
    }

    @POST
    @Path("/authenticate")
    public MagicLinkAuthenticateResponse authenticate(MagicLinkAuthenticateRequest request) {
        RequiredBody.check(request);
        MagicLinkAuthentication result = magicLinks.authenticate(request.token(), request.sessionDurationMinutes());
        return new MagicLinkAuthenticateResponse(
                StytchIds.requestId(),
                200,
                result.user().userId(),
                result.methodId(),
                result.session().map(s -> s.session().token()).orElse(""),
                result.session().map(s -> s.jwt().compact()).orElse(""),
                result.session().map(s -> SessionView.of(s.session())).orElse(null),
                UserView.of(result.user()));
    }
}
