package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.rest.EmailSignInApi.AuthenticateResponse;
import studio.ainative.devkit.stytch.rest.EmailSignInApi.LoginOrCreateResponse;
import studio.ainative.devkit.stytch.rest.EmailSignInApi.SendResponse;
import studio.ainative.devkit.stytch.rest.OtpsApi.AuthenticateRequest;
import studio.ainative.devkit.stytch.rest.OtpsApi.LoginOrCreateRequest;
import studio.ainative.devkit.stytch.rest.OtpsApi.SendRequest;
import studio.ainative.devkit.stytch.service.OtpService;

/** Stytch's one-time passcode API, by email. Basic auth is enforced by ProjectSecretFilter. */
@Path("/v1/otps")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OtpsResource {

    private final OtpService otps;
    private final UserViews userViews;

    public OtpsResource(OtpService otps, UserViews userViews) {
        this.otps = otps;
        this.userViews = userViews;
    }

    @POST
    @Path("/email/login_or_create")
    public LoginOrCreateResponse loginOrCreate(LoginOrCreateRequest request) {
        RequiredBody.check(request);
        return LoginOrCreateResponse.of(
                otps.loginOrCreate(request.email(), request.expirationMinutes(), request.createUserAsPending()));
    }

    @POST
    @Path("/email/send")
    public SendResponse send(SendRequest request) {
        RequiredBody.check(request);
        return SendResponse.of(otps.send(request.email(), request.expirationMinutes()));
    }

    @POST
    @Path("/authenticate")
    public AuthenticateResponse authenticate(AuthenticateRequest request) {
        RequiredBody.check(request);
        return AuthenticateResponse.of(
                otps.authenticate(request.methodId(), request.code(), request.sessionDurationMinutes()), userViews);
    }
}
