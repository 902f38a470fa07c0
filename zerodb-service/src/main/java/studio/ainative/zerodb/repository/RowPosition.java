package studio.ainative.zerodb.repository;

import java.util.UUID;

/**
 * Where a page ended: the last row's sort value (ISO timestamp for created_at, else the member's JSON) and id.
 */
public record RowPosition(String sortValue, UUID rowId) {
}
