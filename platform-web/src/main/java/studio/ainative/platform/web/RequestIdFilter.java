package studio.ainative.platform.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every HTTP request its id before anything else runs: REST resources, plain Vert.x routes
 * (identity's introspection, chat's completions), authentication and Quarkus' own endpoints alike. The id
 * ({@link RequestIds#accept}: the caller's {@code X-Request-ID}, else a new one) goes into the MDC of the
 * request's Vert.x context and into the response's {@code X-Request-ID}, whatever answers it.
 */
@ApplicationScoped
public class RequestIdFilter {

    /** Above Quarkus' CORS (300) and authentication (200) filters: their log lines carry the id too. */
    static final int PRIORITY = 400;

    void register(@Observes Filters filters) {
        filters.register(RequestIdFilter::handle, PRIORITY);
    }

    static void handle(RoutingContext context) {
        String id = RequestIds.accept(context.request().getHeader(RequestIds.HEADER));
        MDC.put(LogContext.REQUEST_ID, id);
        HttpServerResponse response = context.response();
        // Set as the head is written, so an answer that replaces its headers (an error page) keeps it.
        context.addHeadersEndHandler(ignored -> response.headers().set(RequestIds.HEADER, id));
        context.next();
    }
}
