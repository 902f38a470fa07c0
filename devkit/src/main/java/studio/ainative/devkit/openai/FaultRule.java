package studio.ainative.devkit.openai;

import java.util.Optional;
import java.util.OptionalInt;

/** A fault armed over the control API: served to the next matching requests, {@code remaining} times or until cleared. */
public record FaultRule(String id, Fault fault, OptionalInt remaining) {

    /** This rule after serving one request; empty when that was its last. */
    public Optional<FaultRule> afterOneUse() {
        if (remaining.isEmpty()) {
            return Optional.of(this);
        }
        int left = remaining.getAsInt() - 1;
        return left == 0 ? Optional.empty() : Optional.of(new FaultRule(id, fault, OptionalInt.of(left)));
    }
}
