package studio.ainative.memory.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hibernate Reactive must be used on the request's Vert.x context; the embedder completes on a worker.
 * Captured on the request's thread, this brings the pipeline back to it.
 */
final class OnContext {

    private OnContext() {
    }

    static <T> Uni<T> resume(Uni<T> offContext) {
        Context context = Vertx.currentContext();
        return context == null ? offContext : offContext.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
