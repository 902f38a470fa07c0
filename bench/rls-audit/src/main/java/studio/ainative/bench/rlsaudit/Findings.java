package studio.ainative.bench.rlsaudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the audit counted and found: operations by kind and actor, checks, statuses, and every violation. */
final class Findings {

    /** How a response broke the model. */
    enum Violation {
        /** Something the actor must not see was returned, or a write the actor must not make succeeded. */
        LEAK,
        /** The owner (or a project-wide caller) was refused, or did not get, what it must see or change. */
        DENIED,
        /** Allowed and denied as the model says, but not with the documented status or code. */
        STATUS,
        /** A 5xx. */
        SERVER_ERROR,
        /** What the runtime role sees or may change at the database differs from the model. */
        DATABASE
    }

    private static final int KEPT_DETAILS = 200;

    final Map<String, Map<String, Integer>> operations = new TreeMap<>();
    final Map<Integer, Integer> statuses = new TreeMap<>();
    final Map<Violation, Integer> violations = new LinkedHashMap<>();
    final List<String> details = new ArrayList<>();
    long checks;
    long databaseChecks;
    private String current = "";

    void operation(String kind, Actor actor) {
        operations.computeIfAbsent(kind, k -> new TreeMap<>()).merge(actor.label(), 1, Integer::sum);
    }

    void status(int status) {
        statuses.merge(status, 1, Integer::sum);
        if (status >= 500) {
            violation(Violation.SERVER_ERROR, "answered " + status);
        }
    }

    /** Names the operation under way, for the details of what it finds. */
    void context(String description) {
        current = description;
    }

    /** One check of a response; false records the violation. */
    boolean check(boolean holds, Violation kind, String what) {
        checks++;
        if (!holds) {
            violation(kind, what);
        }
        return holds;
    }

    /** One check at the database, as a runtime role. */
    boolean databaseCheck(boolean holds, String what) {
        databaseChecks++;
        if (!holds) {
            violation(Violation.DATABASE, what);
        }
        return holds;
    }

    void violation(Violation kind, String what) {
        violations.merge(kind, 1, Integer::sum);
        if (details.size() < KEPT_DETAILS) {
            String line = kind + ": " + (kind == Violation.DATABASE ? "" : current + ": ") + what;
            details.add(line);
            System.err.println("VIOLATION " + line);
        }
    }

    int violationCount() {
        return violations.values().stream().mapToInt(Integer::intValue).sum();
    }

    long operationCount() {
        return operations.values().stream().flatMap(m -> m.values().stream()).mapToLong(Integer::longValue).sum();
    }
}
