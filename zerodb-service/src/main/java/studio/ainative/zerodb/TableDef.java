package studio.ainative.zerodb;

import java.time.OffsetDateTime;

/** A table of a project: a name its rows are filed under. Rows are JSONB; there is no per-table DDL. */
public record TableDef(String name, String description, OffsetDateTime createdAt) {
}
