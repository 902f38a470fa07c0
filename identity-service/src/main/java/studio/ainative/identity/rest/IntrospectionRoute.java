package studio.ainative.identity.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import studio.ainative.identity.security.ServiceCredentials;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.identity.service.IntrospectionService;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.LogContext;
import studio.ainative.platform.web.UnreachableDatabase;

/**
 * RFC 7662 token introspection for the platform's own services (never routed by the gateway).
 * Inactive tokens are {@code {"active": false}}; provider keys unavailable with nothing cached is a
 * 503, never "inactive", so callers do not turn an IdP outage into logged-out users.
 *
 * <p>Every request of every resource service that misses its own short cache lands here, so this
 * one endpoint is a plain Vert.x route rather than a JAX-RS resource: the body is kept as the
 * buffer it arrived in and decoded from its bytes by {@link IntrospectionForm}, and a cached
 * principal is written out as the very bytes it is kept as. Errors are the same RFC 9457
 * problems the rest of the service answers.
 */
@ApplicationScoped
public class IntrospectionRoute {

    static final String PATH = "/internal/v1/introspect";
    /** A longer token field is answered inactive without looking at it (TOKEN-ATTACKS row 14). */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(IntrospectionRoute.class);
    private static final CharSequence SIGNED = HttpHeaders.createOptimized(SignedIntrospectionCodec.MEDIA_TYPE);

    private final IntrospectionService introspection;
    private final ServiceCredentials credentials;
    private final SignedIntrospectionCodec codec;
    /**
     * Answers by status ({@code identity.introspection.responses}). The HTTP server metrics skip this route (its
     * per-request timer, tag lookups included, cost a tenth of its CPU); its latency is {@code identity.introspection}.
     */
    private final StatusCounters responses;
    /** The whole form: larger declared lengths and larger chunked bodies are refused with 413. */
    private final long maxBodyBytes;
    /** The 413's detail, the same wherever the size is found out. */
    private final String tooLarge;
    /**
     * How much of a refused body is read and dropped after the refusal, so that the caller, still sending, reads the
     * 413 or 415 instead of a connection reset (a socket closed with unread bytes sends RST, which destroys the answer
     * in flight: RFC 9112 section 9.6). Past it the connection is closed: nobody drains an endless body.
     */
    static final long MAX_DRAINED_BYTES = 1024 * 1024;

    public IntrospectionRoute(IntrospectionService introspection, ServiceCredentials credentials, SignedIntrospectionCodec codec,
                              @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                              MeterRegistry metrics) {
        this.introspection = introspection;
        this.credentials = credentials;
        this.codec = codec;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.tooLarge = "the request body is larger than " + maxBodyBytes + " bytes";
        this.responses = new StatusCounters(metrics, "identity.introspection.responses", "introspection answers by HTTP status",
                200, 400, 401, 413, 415, 500, 503);
    }

    void register(@Observes Router router) {
        // Before Quarkus's own check of declared lengths (which answers 413 and closes at once, unread bytes and all).
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseDeclaredOversize);
        router.post(PATH).handler(this::handle);
    }

    private void refuseDeclaredOversize(RoutingContext ctx) {
        long declared = declaredLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared <= maxBodyBytes) {
            ctx.next();
            return;
        }
        if (declared > MAX_DRAINED_BYTES) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            problem(ctx, 413, "payload_too_large", tooLarge, null);
            return;
        }
        refuseAndDrain(ctx, 413, "payload_too_large", tooLarge, 0);
    }

    /** The declared Content-Length; -1 without one (chunked), or when it is not a number (Netty refuses those first). */
    static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers the refusal now and reads the rest of the body into nothing, up to {@link #MAX_DRAINED_BYTES} in all
     * (then the connection is closed); the connection stays usable when the body ends within it.
     */
    private void refuseAndDrain(RoutingContext ctx, int status, String code, String detail, long alreadyRead) {
        problem(ctx, status, code, detail, null);
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            return;
        }
        long[] read = {alreadyRead};
        request.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > MAX_DRAINED_BYTES) {
                request.handler(null);
                request.connection().close();
            }
        });
        request.endHandler(null);
        request.resume();
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuseAndDrain(ctx, 415, "unsupported_media_type", "the body must be application/x-www-form-urlencoded", 0);
            return;
        }
        Body body = new Body();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxBodyBytes) {
                refuseAndDrain(ctx, 413, "payload_too_large", tooLarge,
                        body.length() + chunk.length());
                return;
            }
            body.append(chunk);
        });
        request.exceptionHandler(e -> LOG.debugf("introspection request failed while reading: %s", e.toString()));
        request.endHandler(ended -> {
            if (ctx.response().ended()) {
                return;
            }
            try {
                answer(ctx, request.headers(), body.buffer());
            } catch (RuntimeException e) {
                failed(ctx, e);
            }
        });
    }

    /**
     * The request body. A form of one token nearly always arrives as one chunk, which Vert.x has
     * already copied out of Netty's pooled buffer: that chunk is kept as it is, and only a body in
     * several chunks is copied into one buffer.
     */
    private static final class Body {

        private Buffer buffer;
        private boolean copied;

        long length() {
            return buffer == null ? 0 : buffer.length();
        }

        void append(Buffer chunk) {
            if (buffer == null) {
                buffer = chunk;
                return;
            }
            if (!copied) {
                buffer = Buffer.buffer(buffer.length() + chunk.length()).appendBuffer(buffer);
                copied = true;
            }
            buffer.appendBuffer(chunk);
        }

        Buffer buffer() {
            return buffer;
        }
    }

    /** {@code application/x-www-form-urlencoded}, any case, with or without parameters (charset). */
    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString());
    }

    private void answer(RoutingContext ctx, MultiMap headers, Buffer body) {
        String caller = credentials.authenticate(headers.get(HttpHeaders.AUTHORIZATION));
        if (caller == null) {
            ctx.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"introspection\"");
            problem(ctx, 401, "invalid_client", "a service credential is required", null);
            return;
        }
        LogContext.caller(caller, null);
        IntrospectionForm form = IntrospectionForm.parse(body);
        String token = form.token();
        if (token == null || token.isBlank()) {
            throw ApiException.badRequest("invalid_request", "form parameter 'token' is required");
        }
        boolean signed = wantsSigned(headers.get(HttpHeaders.ACCEPT));
        if (token.length() > MAX_TOKEN_CHARS) {
            respond(ctx, new IntrospectionOutcome.Inactive(RejectionReason.INVALID), caller, signed);
            return;
        }
        introspection.introspect(token.strip(), form.projectId(), outcome -> respond(ctx, outcome, caller, signed),
                failure -> failed(ctx, failure));
    }

    /** An {@link ApiException} (or an unreachable database: 503) as its problem; anything else is a bug: logged, and a 500 without details. */
    private void failed(RoutingContext ctx, Throwable failure) {
        ApiException api = failure instanceof ApiException e ? e : UnreachableDatabase.toApi(failure);
        if (api != null) {
            problem(ctx, api.status(), api.code(), api.getMessage(), api.retryAfterSeconds());
        } else {
            LOG.error("introspection failed", failure);
            problem(ctx, 500, "internal_error", "internal error", null);
        }
    }

    /** RFC 9701: the caller asks for the signed answer with {@code Accept: application/token-introspection+jwt}. */
    static boolean wantsSigned(String accept) {
        if (accept == null) {
            return false;
        }
        // Scanned in place, any case: this runs on every introspection, and lower-casing would copy the header.
        String type = SignedIntrospectionCodec.MEDIA_TYPE;
        for (int i = 0; i + type.length() <= accept.length(); i++) {
            if (accept.regionMatches(true, i, type, 0, type.length())) {
                return true;
            }
        }
        return false;
    }

    private void respond(RoutingContext ctx, IntrospectionOutcome outcome, String caller, boolean signed) {
        if (outcome instanceof IntrospectionOutcome.Inactive inactive && inactive.reason() == RejectionReason.KEYS_UNAVAILABLE) {
            problem(ctx, 503, "temporarily_unavailable", "the identity provider's keys are unavailable", 5);
        } else if (signed) {
            ok(ctx, SIGNED, codec.encode(outcome, caller));
        } else {
            ok(ctx, RouteAnswers.JSON, IntrospectionJsonCodec.encode(outcome));
        }
    }


    private void ok(RoutingContext ctx, CharSequence contentType, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (!response.ended()) {
            count(200);
            RouteAnswers.end(response, 200, contentType, body, null);
        }
    }

    private void problem(RoutingContext ctx, int status, String code, String detail, Integer retryAfterSeconds) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        count(status);
        RouteAnswers.problem(response, status, code, detail, retryAfterSeconds);
    }

    private void count(int status) {
        responses.count(status);
    }
}
