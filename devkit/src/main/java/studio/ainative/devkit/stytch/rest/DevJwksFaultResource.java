package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.JwksFault;
import studio.ainative.devkit.stytch.rest.DevApi.JwksFaultRequest;
import studio.ainative.devkit.stytch.rest.DevApi.JwksFaultView;
import studio.ainative.devkit.stytch.service.JwksFaults;

/**
 * Dev helper (no auth, loopback like the rest of devkit): makes the JWKS endpoint fail (an error status) or
 * stall (no answer), so a verifier's behaviour through an IdP outage can be tested against the real stack.
 */
@Path("/dev/jwks/fault")
@Produces(MediaType.APPLICATION_JSON)
public class DevJwksFaultResource {

    private final JwksFaults faults;

    public DevJwksFaultResource(JwksFaults faults) {
        this.faults = faults;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public JwksFaultView arm(JwksFaultRequest request) {
        RequiredBody.check(request);
        faults.arm(JwksFault.of(request.mode(), request.status()));
        return view();
    }

    @GET
    public JwksFaultView get() {
        return view();
    }

    @DELETE
    public JwksFaultView clear() {
        faults.clear();
        return view();
    }

    private JwksFaultView view() {
        return faults.current()
                .map(f -> new JwksFaultView(f.mode().wireName(), f.mode() == JwksFault.Mode.ERROR ? f.status() : null,
                        faults.requests(), faults.faultsServed()))
                .orElseGet(() -> new JwksFaultView("none", null, faults.requests(), faults.faultsServed()));
    }
}
