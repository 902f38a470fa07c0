package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.PasswordStrength;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.rest.PasswordsApi.AuthenticateRequest;
import studio.ainative.devkit.stytch.rest.PasswordsApi.AuthenticateResponse;
import studio.ainative.devkit.stytch.rest.PasswordsApi.CreateRequest;
import studio.ainative.devkit.stytch.rest.PasswordsApi.CreateResponse;
import studio.ainative.devkit.stytch.rest.PasswordsApi.Feedback;
import studio.ainative.devkit.stytch.rest.PasswordsApi.StrengthCheckRequest;
import studio.ainative.devkit.stytch.rest.PasswordsApi.StrengthCheckResponse;
import studio.ainative.devkit.stytch.service.PasswordService;
import studio.ainative.devkit.stytch.service.SignIns.SignedIn;

/**
 * Stytch's passwords API. Basic auth is enforced by ProjectSecretFilter. The methods are blocking,
 * so Quarkus runs them on worker threads: Argon2id hashing must stay off the event loop.
 */
@Path("/v1/passwords")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PasswordsResource {

    /** Stytch's default policy; breach detection on create cannot be switched off in devkit. */
    private static final String STRENGTH_POLICY = "zxcvbn";

    private final PasswordService passwords;
    private final UserViews userViews;

    public PasswordsResource(PasswordService passwords, UserViews userViews) {
        this.passwords = passwords;
        this.userViews = userViews;
    }

    @POST
    public CreateResponse create(CreateRequest request) {
        RequiredBody.check(request);
        SignedIn created = passwords.create(request.email(), request.password(), request.sessionDurationMinutes(),
                UserView.Name.toDomain(request.name()), request.trustedMetadata(), request.untrustedMetadata());
        StartedSession session = StartedSession.of(created.session());
        return new CreateResponse(StytchIds.requestId(), created.user().userId(), created.user().email().emailId(),
                session.token(), session.jwt(), session.session(), userViews.of(created.user()), 200);
    }

    @POST
    @Path("/authenticate")
    public AuthenticateResponse authenticate(AuthenticateRequest request) {
        RequiredBody.check(request);
        SignedIn signedIn = passwords.authenticate(request.email(), request.password(),
                request.sessionDurationMinutes());
        StartedSession session = StartedSession.of(signedIn.session());
        return new AuthenticateResponse(StytchIds.requestId(), signedIn.user().userId(), session.token(),
                session.jwt(), session.session(), userViews.of(signedIn.user()), 200);
    }

    @POST
    @Path("/strength_check")
    public StrengthCheckResponse strengthCheck(StrengthCheckRequest request) {
        RequiredBody.check(request);
        PasswordStrength.Result result = passwords.strengthCheck(request.password(), request.email());
        return new StrengthCheckResponse(StytchIds.requestId(), result.valid(), result.score(), result.breached(),
                STRENGTH_POLICY, true, new Feedback(result.warning(), result.suggestions()), 200);
    }
}
