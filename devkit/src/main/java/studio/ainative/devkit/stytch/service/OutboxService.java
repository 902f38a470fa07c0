package studio.ainative.devkit.stytch.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.OutboxKind;
import studio.ainative.devkit.stytch.OutboxMessage;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.repository.Outbox;

/** Where the emails Stytch would send, and the tokens its OAuth callback would hand out, end up locally. */
@ApplicationScoped
public class OutboxService {

    private static final Logger LOG = Logger.getLogger(OutboxService.class);

    private final Outbox outbox;

    public OutboxService(Outbox outbox) {
        this.outbox = outbox;
    }

    public void deliver(OutboxMessage message) {
        outbox.deliver(message);
        // Nobody receives real mail locally: the log is where a developer finds the link or the code.
        String content = message.url() != null ? message.url() : "code " + message.code();
        LOG.infof("Outbox, %s for %s: %s", message.kind().wireName(), message.email(), content);
    }

    public OutboxMessage newestFor(String rawEmail, String rawKind) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        return outbox.newestFor(email, OutboxKind.parseOptional(rawKind))
                .orElseThrow(() -> new StytchException(StytchError.OUTBOX_EMPTY));
    }
}
