package studio.ainative.identity.service;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * A credential looked up in this replica's memory: {@code known} is the answer when it was there;
 * otherwise {@code lookup} finds it (Redis, verification, PostgreSQL) when subscribed to.
 */
record IntrospectionQuery(IntrospectionOutcome known, Supplier<Uni<IntrospectionOutcome>> lookup) {

    static IntrospectionQuery answered(IntrospectionOutcome outcome) {
        return new IntrospectionQuery(outcome, null);
    }

    static IntrospectionQuery pending(Supplier<Uni<IntrospectionOutcome>> lookup) {
        return new IntrospectionQuery(null, lookup);
    }
}
