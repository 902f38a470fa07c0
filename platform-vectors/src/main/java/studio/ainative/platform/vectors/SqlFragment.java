package studio.ainative.platform.vectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A piece of SQL whose every value is a bind parameter: {@code sql} refers to {@code $n} placeholders
 * numbered from the offset it was built with, {@code params} holds their values in order (null binds SQL
 * NULL).
 */
public record SqlFragment(String sql, List<Object> params) {

    public static final SqlFragment TRUE = new SqlFragment("TRUE", List.of());

    public SqlFragment {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /** Both conditions; {@code next}'s placeholders must be numbered on from this one's last. */
    public SqlFragment and(SqlFragment next) {
        if (next == TRUE) {
            return this;
        }
        List<Object> all = new ArrayList<>(params);
        all.addAll(next.params);
        return new SqlFragment(sql + " AND " + next.sql, all);
    }
}
