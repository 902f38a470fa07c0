package studio.ainative.chat.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;
import studio.ainative.chat.config.ChatConfig;
import studio.ainative.chat.service.CompletionPhases;
import studio.ainative.chat.service.CompletionPhases.Phase;
import studio.ainative.chat.service.CompletionRequest;
import studio.ainative.chat.service.CompletionRequests;
import studio.ainative.chat.service.CompletionService;
import studio.ainative.chat.service.Responses;
import studio.ainative.platform.auth.PlatformPrincipal;

/**
 * {@code POST /api/v1/chat/completions} (and its aliases, {@link #PATHS}): a Vert.x route rather
 * than a REST resource because one endpoint answers either JSON or a Server-Sent Events stream depending on
 * its body, and the stream is relayed chunk by chunk with backpressure and cancellation, which a resource
 * method's fixed {@code @Produces} cannot express. It reads the body (bounded), asks platform-auth for the
 * caller (authentication is lazy in this service), validates, and hands over to {@link CompletionService}.
 */
@ApplicationScoped
public class CompletionRoute {

    private static final Logger LOG = Logger.getLogger(CompletionRoute.class);
    /**
     * The guide's path and its public alias, and the same under {@code /chat/chat/}: an OpenAI client whose
     * {@code base_url} is {@code …/api/v1/chat} (where its {@code models.list()} finds {@code /models}) appends
     * {@code /chat/completions}.
     */
    static final List<String> PATHS = List.of("/api/v1/chat/completions", "/api/v1/public/chat/completions",
            "/api/v1/chat/chat/completions", "/api/v1/public/chat/chat/completions");

    private final CompletionRequests requests;
    private final CompletionService completions;
    private final AuthFailures auth;
    private final Responses responses;
    private final CompletionPhases phases;
    private final int maxBodyBytes;

    public CompletionRoute(CompletionRequests requests, CompletionService completions, AuthFailures auth, Responses responses,
                           CompletionPhases phases, ChatConfig config) {
        this.requests = requests;
        this.completions = completions;
        this.auth = auth;
        this.responses = responses;
        this.phases = phases;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void routes(@Observes Router router) {
        PATHS.forEach(path -> router.post(path).handler(this::handle));
    }

    private void handle(RoutingContext context) {
        long received = System.nanoTime();
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && tooLarge(declared)) {
            refuseTooLarge(context);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                refused[0] = true;
                refuseTooLarge(context);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> LOG.debugf("completion request broken off: %s", failure));
        request.endHandler(end -> {
            if (!refused[0]) {
                authenticate(context, body, phases.record(Phase.READ, received));
            }
        });
        request.resume();
    }

    private boolean tooLarge(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void refuseTooLarge(RoutingContext context) {
        // The rest of the body is not read: the connection closes after this answer.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        responses.error(context.response(), OpenAiError.invalid(null, "request_too_large",
                "The request body is larger than " + maxBodyBytes + " bytes."));
    }

    private void authenticate(RoutingContext context, Buffer body, long since) {
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(
                identity -> proceed(context, identity, body, phases.record(Phase.AUTHENTICATE, since)),
                failure -> responses.error(context.response(), auth.of(failure).orElseGet(() -> {
                    LOG.error("authentication failed unexpectedly", failure);
                    return new OpenAiError(500, OpenAiError.SERVER, "internal_error", null, "The server could not check credentials.");
                })));
    }

    private void proceed(RoutingContext context, SecurityIdentity identity, Buffer body, long since) {
        PlatformPrincipal caller = identity == null || identity.isAnonymous() ? null : PlatformPrincipal.of(identity).orElse(null);
        if (caller == null) {
            responses.error(context.response(), AuthFailures.missing());
            return;
        }
        CompletionRequest request;
        try {
            request = requests.parse(body.getBytes());
        } catch (OpenAiError invalid) {
            responses.error(context.response(), invalid);
            return;
        }
        completions.complete(context.response(), identity, caller, request, phases.record(Phase.PARSE, since));
    }
}
