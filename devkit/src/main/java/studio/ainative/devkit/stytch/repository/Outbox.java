package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.OutboxKind;
import studio.ainative.devkit.stytch.OutboxMessage;

/**
 * The newest message per address and kind; older ones are never read, so they are not kept. A
 * sequence number orders messages sent within the same clock tick.
 */
@ApplicationScoped
public class Outbox {

    private record Delivered(OutboxMessage message, long sequence) {
    }

    private final Map<String, Map<OutboxKind, Delivered>> newestByEmail = new HashMap<>();
    private long sequence;

    public synchronized void deliver(OutboxMessage message) {
        newestByEmail.computeIfAbsent(message.email(), e -> new EnumMap<>(OutboxKind.class))
                .put(message.kind(), new Delivered(message, sequence++));
    }

    /** The newest message of that kind, or of any kind when none is named. */
    public synchronized Optional<OutboxMessage> newestFor(EmailAddress email, Optional<OutboxKind> kind) {
        Map<OutboxKind, Delivered> messages = newestByEmail.getOrDefault(email.value(), Map.of());
        return messages.values().stream()
                .filter(d -> kind.isEmpty() || d.message().kind() == kind.get())
                .max(Comparator.comparingLong(Delivered::sequence))
                .map(Delivered::message);
    }
}
