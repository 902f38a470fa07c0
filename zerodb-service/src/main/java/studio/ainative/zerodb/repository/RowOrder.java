package studio.ainative.zerodb.repository;

/**
 * How a table query orders rows: by the row's creation time, or by a member of {@code row_data}
 * (a dotted path); ties by row id, in the same direction.
 *
 * @param field      {@code created_at}, or a path into row_data
 * @param descending newest / largest first
 */
public record RowOrder(String field, boolean descending) {

    public static final String CREATED_AT = "created_at";

    public boolean byCreation() {
        return CREATED_AT.equals(field);
    }
}
