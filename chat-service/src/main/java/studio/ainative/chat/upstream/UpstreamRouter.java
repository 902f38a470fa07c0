package studio.ainative.chat.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import studio.ainative.chat.rest.OpenAiError;
import studio.ainative.chat.upstream.ModelCatalog.Route;
import studio.ainative.chat.upstream.ModelCatalog.Target;

/**
 * Sends a completion along its model's route: each target in order, each through its upstream's guard
 * (retries, breaker, first-byte timeout). A retryable failure moves on to the next target; a 4xx that is
 * the request's fault is passed back as an OpenAI error at once. After the last target the client gets
 * 504 when it timed out and 502 otherwise (or the upstream's 429).
 */
@ApplicationScoped
public class UpstreamRouter {

    private static final Logger LOG = Logger.getLogger(UpstreamRouter.class);
    private static final int MAX_MESSAGE = 1000;
    private static final int MAX_CODE = 100;

    /** The answer and the target that gave it. */
    public record Routed(Target target, UpstreamAnswer answer) {
    }

    private final Upstreams upstreams;
    private final UpstreamMetrics metrics;
    private final ObjectMapper json;

    public UpstreamRouter(Upstreams upstreams, UpstreamMetrics metrics, ObjectMapper json) {
        this.upstreams = upstreams;
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * {@code request} is the client's body, validated; each target gets it with its own model name, and the
     * client's request id ({@code requestId}, null for none) as {@code X-Request-ID}.
     */
    public Uni<Routed> complete(Route route, ObjectNode request, boolean stream, String requestId) {
        return attempt(route, 0, request, stream, requestId, null);
    }

    private Uni<Routed> attempt(Route route, int index, ObjectNode request, boolean stream, String requestId, Throwable last) {
        if (index == route.targets().size()) {
            return Uni.createFrom().failure(exhausted(route, last));
        }
        Target target = route.targets().get(index);
        UpstreamClient client = upstreams.get(target.upstream());
        ObjectNode body = request.deepCopy();
        body.put("model", target.model());
        Buffer bytes;
        try {
            bytes = Buffer.buffer(json.writeValueAsBytes(body));
        } catch (IOException e) {
            return Uni.createFrom().failure(e);
        }
        return client.complete(bytes, stream, requestId)
                .invoke(answer -> metrics.attempt(target.upstream(), "ok"))
                .map(answer -> new Routed(target, answer))
                .onFailure().recoverWithUni(failure -> {
                    metrics.attempt(target.upstream(), outcome(failure));
                    if (failure instanceof UpstreamException e && !e.retryable()) {
                        return Uni.createFrom().failure(passThrough(e));
                    }
                    if (!(failure instanceof UpstreamException || failure instanceof TimeoutException
                            || failure instanceof CircuitBreakerOpenException)) {
                        return Uni.createFrom().failure(failure);
                    }
                    LOG.warnf("model %s: upstream %s failed (%s), %s", route.id(), target.upstream(), failure.getMessage(),
                            index + 1 < route.targets().size() ? "falling back to " + route.targets().get(index + 1).upstream() : "no upstream left");
                    if (index + 1 < route.targets().size()) {
                        metrics.fellBack(target.upstream());
                    }
                    return attempt(route, index + 1, request, stream, requestId, failure);
                });
    }

    private static String outcome(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "timeout";
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "breaker_open";
        }
        if (failure instanceof UpstreamException e) {
            return e.kind() == UpstreamException.Kind.STATUS ? (e.status() >= 500 ? "5xx" : "4xx") : e.kind().name().toLowerCase();
        }
        return "error";
    }

    private OpenAiError exhausted(Route route, Throwable last) {
        if (last instanceof TimeoutException) {
            return new OpenAiError(504, OpenAiError.UPSTREAM, "upstream_timeout", null,
                    "No upstream of model " + route.id() + " answered in time.");
        }
        if (last instanceof UpstreamException e && e.status() == 429) {
            return passThrough(e).withHeaders(e.retryAfter().map(value -> Map.of("Retry-After", value)).orElse(Map.of()));
        }
        return new OpenAiError(502, OpenAiError.UPSTREAM, "upstream_unavailable", null,
                "No upstream of model " + route.id() + " is available.");
    }

    /**
     * The upstream's 4xx in OpenAI's envelope, its message kept (bounded). A 401 or 403 means this service's
     * upstream key is wrong, not the client's credential: that is a 502, logged.
     */
    OpenAiError passThrough(UpstreamException e) {
        if (e.status() == 401 || e.status() == 403) {
            LOG.errorf("upstream %s refused this service's API key (%d): check chat.upstreams.%s.api-key", e.upstream(), e.status(), e.upstream());
            return new OpenAiError(502, OpenAiError.UPSTREAM, "upstream_auth_failed", null,
                    "The upstream refused this service's credentials.");
        }
        JsonNode error = parse(e).path("error");
        String message = text(error.path("message"), MAX_MESSAGE);
        return new OpenAiError(e.status(), orDefault(text(error.path("type"), MAX_CODE), OpenAiError.INVALID_REQUEST),
                text(error.path("code"), MAX_CODE), text(error.path("param"), MAX_CODE),
                orDefault(message, "The upstream refused the request (" + e.status() + ")."));
    }

    private JsonNode parse(UpstreamException e) {
        try {
            return e.body().isPresent() && e.body().get().length() > 0 ? json.readTree(e.body().get().getBytes()) : json.missingNode();
        } catch (IOException notJson) {
            return json.missingNode();
        }
    }

    private static String text(JsonNode node, int max) {
        if (!node.isTextual() && !node.isNumber()) {
            return null;
        }
        String value = node.asText();
        return value.length() > max ? value.substring(0, max) : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
