package studio.ainative.zerodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of a table, as its reader may see it. */
public record TableRow(UUID rowId, String ownerId, JsonNode rowData, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
