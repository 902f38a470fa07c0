package studio.ainative.chat.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
 * context: project, owner and mode): one transaction in flight per caller, starting {@code chat.usage.batch-delay}
 * after the caller's first waiting record, so a busy caller's records share transactions. Records waiting past
 * {@code chat.usage.max-waiting} are dropped and counted ({@code chat.usage.writes{outcome="dropped"}}); a failed
 * write is logged and counted, never the client's problem. {@code chat.usage.batch} records how many records each
 * transaction wrote.
 */
@ApplicationScoped
public class UsageWriter {

    private static final Logger LOG = Logger.getLogger(UsageWriter.class);

    private final UsageRepository repository;
    private final Counter written;
    private final Counter failed;
    private final DistributionSummary batches;
    private final GroupCommit<RlsContext, UsageRecord> commits;

    public UsageWriter(UsageRepository repository, ChatConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.written = registry.counter("chat.usage.writes", "outcome", "ok");
        this.failed = registry.counter("chat.usage.writes", "outcome", "failed");
        this.batches = DistributionSummary.builder("chat.usage.batch").description("usage records per transaction").register(registry);
        Counter dropped = registry.counter("chat.usage.writes", "outcome", "dropped");
        this.commits = new GroupCommit<>(config.usage().maxWaiting(), config.usage().batchDelay(), this::persist, dropped::increment);
    }

    /** Writes the record under {@code rls} with the caller's next transaction. */
    public void write(RlsContext rls, UsageRecord record) {
        commits.submit(rls, record);
    }

    private Uni<Void> persist(RlsContext rls, List<UsageRecord> records) {
        batches.record(records.size());
        return RlsTransactions.withRls(rls, () -> repository.persist(records))
                .invoke(() -> written.increment(records.size()))
                .onFailure().invoke(failure -> {
                    failed.increment(records.size());
                    LOG.errorf("%d usage records of project %s not written: %s", records.size(), rls.projectId(), failure.toString());
                })
                .onFailure().recoverWithNull();
    }
}
