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

    static <T> Uni<T> withRls(RlsContext context, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(APPLY, Object[].class)
                        .setParameter(1, context.projectId().toString())
                        .setParameter(2, context.userId())
                        .setParameter(3, context.mode().setting())
                        .getSingleResult())
                .chain(() -> work.get()));
    }
}
