package studio.ainative.zerodb.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.sqlclient.Tuple;

/** JSONB columns to and from Jackson trees. JSONB parameters are always sent as text and cast in SQL. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode read(Object column) {
        if (column == null) {
            return null;
        }
        // Vert.x hands JSONB out as JsonObject, JsonArray, String, Number, Boolean or Tuple.JSON_NULL.
        String text = column == Tuple.JSON_NULL ? "null" : io.vertx.core.json.Json.encode(column);
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable jsonb column", e);
        }
    }
}
