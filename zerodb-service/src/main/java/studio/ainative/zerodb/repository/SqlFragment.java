package studio.ainative.zerodb.repository;

import java.util.List;

/**
 * A piece of SQL whose every value is a bind parameter: {@code sql} refers to {@code $n} placeholders
 * numbered from the offset it was built with, {@code params} holds their values in order.
 */
public record SqlFragment(String sql, List<Object> params) {

    public static final SqlFragment TRUE = new SqlFragment("TRUE", List.of());

    public SqlFragment {
        params = List.copyOf(params);
    }
}
