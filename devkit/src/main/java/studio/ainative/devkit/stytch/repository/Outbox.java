package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.OutboxMessage;

/** The newest magic-link email per address; older ones are never read, so they are not kept. */
@ApplicationScoped
public class Outbox {

    private final Map<String, OutboxMessage> newestByEmail = new ConcurrentHashMap<>();

    public void deliver(OutboxMessage message) {
        newestByEmail.put(message.email(), message);
    }

    public Optional<OutboxMessage> newestFor(EmailAddress email) {
        return Optional.ofNullable(newestByEmail.get(email.value()));
    }
}
