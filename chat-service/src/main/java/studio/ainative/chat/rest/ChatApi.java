package studio.ainative.chat.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The records of chat-service's own API (completions are OpenAI's JSON, relayed as they come). */
public final class ChatApi {

    private ChatApi() {
    }

    /** OpenAI's model object. */
    public record ModelView(String id, String object, long created, String ownedBy) {
    }

    /** OpenAI's list of models. */
    public record ModelList(String object, List<ModelView> data) {
    }

    /**
     * {@code GET /usage}: the caller's usage in {@code [from, to)}, grouped.
     *
     * @param scope {@code user} (an end user's own records) or {@code project} (an API key: every record of the project)
     */
    public record UsageSummary(String object, Instant from, Instant to, String groupBy, String scope, List<UsageGroup> data,
                               UsageTotals totals) {
    }

    /** One group: {@code model} or {@code day} (UTC, {@code YYYY-MM-DD}), whichever the summary is grouped by. */
    public record UsageGroup(@JsonInclude(JsonInclude.Include.NON_NULL) String model,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String day,
                             long requests, long promptTokens, long completionTokens, long totalTokens) {
    }

    public record UsageTotals(long requests, long promptTokens, long completionTokens, long totalTokens) {
    }
}
