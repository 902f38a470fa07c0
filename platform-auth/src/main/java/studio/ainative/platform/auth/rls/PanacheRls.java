package studio.ainative.platform.auth.rls;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** The Hibernate Reactive half of {@link RlsTransactions}, apart so its types load only when used. */
final class PanacheRls {

    static final String APPLY = "SELECT set_config('app.project_id', ?1, true), set_config('app.user_id', ?2, true), "
            + "set_config('app.rls_mode', ?3, true)";

    private PanacheRls() {
    }

    /**
     * The settings are applied as a statement run for its effect ({@code executeUpdate}), not as a selection:
     * Hibernate ORM 7.2 never finds a native selection's cached plan again (the key it looks up differs from the
     * one it stored), so every transaction would add one more plan under the same hash until the plan cache is
     * full (2048), and each lookup would compare the key with all of them. Native statements' plans are not cached.
     */
    static <T> Uni<T> withRls(RlsContext context, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(APPLY)
                        .setParameter(1, context.projectId().toString())
                        .setParameter(2, context.userId())
                        .setParameter(3, context.mode().setting())
                        .executeUpdate())
                .chain(() -> work.get()));
    }
}
