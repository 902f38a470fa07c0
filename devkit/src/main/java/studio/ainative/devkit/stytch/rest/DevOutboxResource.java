package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.rest.DevApi.OutboxMessageView;
import studio.ainative.devkit.stytch.service.OutboxService;

/**
 * Dev helper (no auth): reads back what Stytch would have sent an address: the newest magic link,
 * passcode or OAuth token, or the newest of one kind with {@code kind=magic_link|otp|oauth}.
 */
@Path("/dev/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class DevOutboxResource {

    private final OutboxService outbox;

    public DevOutboxResource(OutboxService outbox) {
        this.outbox = outbox;
    }

    @GET
    public OutboxMessageView newest(@QueryParam("email") String email, @QueryParam("kind") String kind) {
        return OutboxMessageView.of(outbox.newestFor(email, kind));
    }
}
