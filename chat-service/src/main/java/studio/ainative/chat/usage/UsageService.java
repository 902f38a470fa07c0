package studio.ainative.chat.usage;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import studio.ainative.chat.rest.ChatApi.UsageGroup;
import studio.ainative.chat.rest.ChatApi.UsageSummary;
import studio.ainative.chat.rest.ChatApi.UsageTotals;
import studio.ainative.chat.usage.UsageRepository.Grouping;
import studio.ainative.platform.auth.PlatformPrincipal;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsTransactions;

/**
 * Writes one usage record per completion and sums them for {@code GET /usage}, both under row-level security:
 * an end user writes and reads only their own records (strict), an API key its project's.
 */
@ApplicationScoped
public class UsageService {

    /** What one completion used; {@code status} is what the client got. */
    public record Entry(String model, String upstream, String upstreamModel, long promptTokens, long completionTokens,
                        long latencyMillis, int status, boolean streamed, Instant at) {
    }

    private final UsageRepository repository;
    private final UsageWriter writer;

    public UsageService(UsageRepository repository, UsageWriter writer) {
        this.repository = repository;
        this.writer = writer;
    }

    /** The owner a record of this caller carries: the end user's owner id, or {@code api_key:<key id>}. */
    public static String ownerOf(PlatformPrincipal caller) {
        return caller.isApiKey() ? caller.name() : caller.ownerId();
    }

    /**
     * Hands the record to the {@link UsageWriter} (now, or with the caller's next transaction); a failure is logged
     * and counted, never the client's problem.
     */
    public void record(PlatformPrincipal caller, Entry entry) {
        UsageRecord record = new UsageRecord();
        record.id = UUID.randomUUID();
        record.projectId = caller.projectId();
        record.ownerId = ownerOf(caller);
        record.model = entry.model();
        record.upstream = entry.upstream();
        record.upstreamModel = entry.upstreamModel();
        record.promptTokens = clamp(entry.promptTokens());
        record.completionTokens = clamp(entry.completionTokens());
        record.totalTokens = clamp(entry.promptTokens() + entry.completionTokens());
        record.latencyMs = clamp(entry.latencyMillis());
        record.status = (short) entry.status();
        record.streamed = entry.streamed();
        record.createdAt = entry.at();
        record.usageDay = LocalDate.ofInstant(entry.at(), ZoneOffset.UTC);
        writer.write(RlsContext.of(caller), record);
    }

    /** The caller's usage in {@code [from, to)}: an end user their own, an API key the project's. */
    public Uni<UsageSummary> summary(PlatformPrincipal caller, Instant from, Instant to, Grouping grouping) {
        Optional<String> owner = caller.isApiKey() ? Optional.empty() : Optional.of(caller.ownerId());
        return RlsTransactions.withRls(RlsContext.of(caller), () -> repository.summary(caller.projectId(), owner, from, to, grouping))
                .map(rows -> {
                    List<UsageGroup> groups = new ArrayList<>();
                    long requests = 0, prompt = 0, completion = 0, total = 0;
                    for (Object[] row : rows) {
                        UsageGroup group = new UsageGroup(grouping == Grouping.MODEL ? (String) row[0] : null,
                                grouping == Grouping.DAY ? row[0].toString() : null,
                                number(row[1]), number(row[2]), number(row[3]), number(row[4]));
                        groups.add(group);
                        requests += group.requests();
                        prompt += group.promptTokens();
                        completion += group.completionTokens();
                        total += group.totalTokens();
                    }
                    return new UsageSummary("usage", from, to, grouping.name().toLowerCase(), caller.isApiKey() ? "project" : "user",
                            groups, new UsageTotals(requests, prompt, completion, total));
                });
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static int clamp(long value) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
    }
}
