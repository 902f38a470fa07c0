package studio.ainative.devkit.openai.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import studio.ainative.devkit.openai.Fault;
import studio.ainative.devkit.openai.FaultRule;

/**
 * Armed faults, in the order they were armed; the first one that hits a request serves it. Bounded,
 * and small enough that one lock around the list costs nothing next to a chat request.
 */
@ApplicationScoped
public class FaultRules {

    public static final int MAX_RULES = 32;

    private final List<FaultRule> rules = new ArrayList<>();
    private long nextId = 1;

    /** Empty when {@link #MAX_RULES} are already armed. */
    public synchronized Optional<FaultRule> arm(Fault fault, OptionalInt count) {
        if (rules.size() >= MAX_RULES) {
            return Optional.empty();
        }
        FaultRule rule = new FaultRule("fault-" + nextId++, fault, count);
        rules.add(rule);
        return Optional.of(rule);
    }

    /** The fault to serve to a request for this model, spending one use of its rule. */
    public synchronized Optional<Fault> take(String model) {
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (rule.fault().hits(model)) {
                Optional<FaultRule> left = rule.afterOneUse();
                if (left.isPresent()) {
                    rules.set(i, left.get());
                } else {
                    rules.remove(i);
                }
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }

    public synchronized List<FaultRule> armed() {
        return List.copyOf(rules);
    }

    public synchronized int clear() {
        int cleared = rules.size();
        rules.clear();
        return cleared;
    }
}
