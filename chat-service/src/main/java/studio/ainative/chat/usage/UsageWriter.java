package studio.ainative.chat.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;
import studio.ainative.chat.config.ChatConfig;
import studio.ainative.chat.service.GroupCommit;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsTransactions;

/**
 * Writes usage records under row-level security, grouped per caller ({@link GroupCommit} keyed by the RLS
 * context: project, owner and mode): one transaction in flight per caller, and a busy caller's records share the
 * next one. Records waiting past {@code chat.usage.max-waiting} are dropped and counted
 * ({@code chat.usage.writes{outcome="dropped"}}); a failed write is logged and counted, never the client's problem.
 */
@ApplicationScoped
public class UsageWriter {

    private static final Logger LOG = Logger.getLogger(UsageWriter.class);

    private final UsageRepository repository;
    private final Counter written;
    private final Counter failed;
    private final GroupCommit<RlsContext, UsageRecord> commits;

    public UsageWriter(UsageRepository repository, ChatConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.written = registry.counter("chat.usage.writes", "outcome", "ok");
        this.failed = registry.counter("chat.usage.writes", "outcome", "failed");
        Counter dropped = registry.counter("chat.usage.writes", "outcome", "dropped");
        this.commits = new GroupCommit<>(config.usage().maxWaiting(), this::persist, dropped::increment);
    }

    /** Writes the record under {@code rls} now, or with the caller's next transaction if one is running. */
    public void write(RlsContext rls, UsageRecord record) {
        commits.submit(rls, record);
    }

    private Uni<Void> persist(RlsContext rls, List<UsageRecord> records) {
        return RlsTransactions.withRls(rls, () -> repository.persist(records))
                .invoke(() -> written.increment(records.size()))
                .onFailure().invoke(failure -> {
                    failed.increment(records.size());
                    LOG.errorf("%d usage records of project %s not written: %s", records.size(), rls.projectId(), failure.toString());
                })
                .onFailure().recoverWithNull();
    }
}
