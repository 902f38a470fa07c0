package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.service.MagicLinkService;

/** Dev helper (no auth): reads back the magic-link email Stytch would have sent. */
@Path("/dev/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class DevOutboxResource {

    private final MagicLinkService magicLinks;

    public DevOutboxResource(MagicLinkService magicLinks) {
        this.magicLinks = magicLinks;
    }

    @GET
    public OutboxMessageView newest(@QueryParam("email") String email) {
        return OutboxMessageView.of(magicLinks.newestMessageFor(email));
    }
}
