package studio.ainative.bench.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fault of the suite: how it is injected and healed (for real: processes stopped, killed, restarted, devkit's
 * IdP made to fail), what it probes on the way, and the claims it checks afterwards.
 */
interface Fault {

    /** The operations that go to a resource service (authenticated through identity's introspection). */
    Set<String> RESOURCE_OPS = Set.of("vector_upsert", "vector_batch", "vector_search", "memory_remember", "memory_recall",
            "chat", "chat_stream", "file_upload", "file_download");
    Set<String> IDENTITY_OPS = Set.of("verify", "introspect");
    Set<String> WRITE_OPS = Set.of("vector_upsert", "vector_batch", "memory_remember", "file_upload");
    Set<String> CHAT_OPS = Set.of("chat", "chat_stream");

    String name();

    /** What is done, in a line. */
    String summary();

    /** How long the fault lasts, in seconds. */
    default int duringSeconds(Form form) {
        return form.duringSeconds();
    }

    /**
     * How long after healing ends the platform may still fail before the recovery's hold begins: the after phase lasts
     * at least this plus the hold from then.
     */
    default int settleSeconds() {
        return 5;
    }

    /** Runs before the fault's before phase begins: work that must not weigh on any phase (building inputs). */
    default void prepare(FaultContext context) throws Exception {
    }

    void inject(FaultContext context) throws Exception;

    /** Runs while the fault lasts, until {@code untilMs}: probes, a change of the fault's kind. */
    default void during(FaultContext context, long untilMs) throws Exception {
        context.sleepUntil(untilMs);
    }

    void heal(FaultContext context) throws Exception;

    /** Runs after healing, until {@code untilMs}. */
    default void after(FaultContext context, long untilMs) throws Exception {
        context.sleepUntil(untilMs);
    }

    /** The fault's claims, from the samples of {@code window} and what it probed. */
    List<Check> checks(FaultContext context, Window window) throws Exception;

    /** What the fault saw besides the samples (probe answers, metric deltas), for the results. */
    Map<String, Object> observations();
}
