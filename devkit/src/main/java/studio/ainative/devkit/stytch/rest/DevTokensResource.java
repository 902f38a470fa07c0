package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.rest.DevApi.TokenRequest;
import studio.ainative.devkit.stytch.rest.DevApi.TokenResponse;
import studio.ainative.devkit.stytch.service.DevTokenService;
import studio.ainative.devkit.stytch.service.IssuedSession;

/** Dev helper (no auth): a live session and its JWT for an email, without the magic-link round trip. */
@Path("/dev/tokens")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DevTokensResource {

    private final DevTokenService tokens;

    public DevTokensResource(DevTokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    public TokenResponse issue(TokenRequest request) {
        RequiredBody.check(request);
        IssuedSession issued = tokens.issue(request.email(), request.lifetimeSeconds(), request.claims(),
                request.includeEmailFactor());
        return new TokenResponse(issued.jwt().compact(), issued.session().token(), issued.session().sessionId(),
                issued.user().userId(), issued.user().email().address(), issued.jwt().keyId(),
                issued.jwt().expiresAt());
    }
}
