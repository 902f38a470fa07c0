package studio.ainative.memory.service;

import java.nio.charset.StandardCharsets;
import java.util.List;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.VectorInputs;

/** The input bounds of recall, each fault its own stable code. */
public final class RecallRules {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;
    /** The longest query_vector read at all; the service then wants exactly its model's dimension. */
    public static final int MAX_QUERY_DIMENSIONS = 4096;

    private RecallRules() {
    }

    /** Exactly one of {@code query} (text) and {@code queryVector} (the query already embedded). */
    public static RecallQuery query(String query, double[] queryVector, String entityName, String memoryType, List<String> tags,
                                    Integer limit, Double threshold) {
        if (queryVector != null && query != null) {
            throw ApiException.badRequest("ambiguous_query", "give either query or query_vector, not both");
        }
        String text = queryVector == null ? text(query) : null;
        float[] vector = queryVector == null ? null : VectorInputs.floats(queryVector, "query_vector", MAX_QUERY_DIMENSIONS);
        return new RecallQuery(text, vector, MemoryRules.optionalEntityName(entityName), MemoryRules.optionalMemoryType(memoryType),
                tags == null ? null : MemoryRules.tagsJson(tags), limit(limit), threshold(threshold));
    }

    static String text(String query) {
        if (query == null || query.isBlank()) {
            throw ApiException.badRequest("empty_query", "query must not be empty");
        }
        if (query.getBytes(StandardCharsets.UTF_8).length > MemoryRules.MAX_CONTENT_BYTES) {
            throw new ApiException(413, "query_too_large", "query is over " + MemoryRules.MAX_CONTENT_BYTES + " bytes (UTF-8)");
        }
        if (query.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
            throw ApiException.badRequest("invalid_query", "query holds NUL or control characters other than tab and line breaks");
        }
        return query;
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    static Double threshold(Double threshold) {
        if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
            throw ApiException.badRequest("invalid_threshold", "threshold must be a similarity from -1 to 1");
        }
        return threshold;
    }
}
