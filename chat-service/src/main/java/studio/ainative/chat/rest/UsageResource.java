package studio.ainative.chat.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jboss.resteasy.reactive.RestQuery;
import studio.ainative.chat.rest.ChatApi.UsageSummary;
import studio.ainative.chat.usage.UsageRepository.Grouping;
import studio.ainative.chat.usage.UsageService;
import studio.ainative.platform.auth.CurrentPrincipal;

/**
 * {@code GET /api/v1/chat/usage?from=&to=&group_by=model|day}: an end user's own usage, an API key's whole
 * project, with totals. {@code from} and {@code to} are ISO-8601 instants with an offset or UTC dates
 * ({@code to} exclusive); the default is the last 30 days, the longest range 366 days.
 */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final CurrentPrincipal caller;
    private final UsageService usage;
    private final Clock clock;

    public UsageResource(CurrentPrincipal caller, UsageService usage, Clock clock) {
        this.caller = caller;
        this.usage = usage;
        this.clock = clock;
    }

    @GET
    @Path("/chat/usage")
    public Uni<UsageSummary> usage(@RestQuery String from, @RestQuery String to, @RestQuery("group_by") String groupBy) {
        Instant end = to == null || to.isBlank() ? clock.instant() : instant(to, "to");
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_RANGE) : instant(from, "from");
        if (!start.isBefore(end)) {
            throw OpenAiError.invalid("from", "invalid_range", "from must be before to.");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw OpenAiError.invalid("from", "invalid_range", "The range may span at most 366 days.");
        }
        return usage.summary(caller.get(), start, end, grouping(groupBy));
    }

    @GET
    @Path("/public/chat/usage")
    public Uni<UsageSummary> usagePublic(@RestQuery String from, @RestQuery String to, @RestQuery("group_by") String groupBy) {
        return usage(from, to, groupBy);
    }

    private static Grouping grouping(String groupBy) {
        if (groupBy == null || groupBy.isBlank() || groupBy.equals("model")) {
            return Grouping.MODEL;
        }
        if (groupBy.equals("day")) {
            return Grouping.DAY;
        }
        throw OpenAiError.invalid("group_by", "invalid_value", "group_by must be model or day.");
    }

    private static Instant instant(String value, String param) {
        if (value.length() > 64) {
            throw OpenAiError.invalid(param, "invalid_value", param + " must be an ISO-8601 date or instant with an offset.");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw OpenAiError.invalid(param, "invalid_value", param + " must be an ISO-8601 date or instant with an offset.");
            }
        }
    }
}
