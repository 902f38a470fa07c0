package studio.ainative.chat.upstream;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import studio.ainative.chat.config.ChatConfig;
import studio.ainative.platform.web.RequestIds;

/**
 * One OpenAI-compatible upstream: a pooled Vert.x HTTP client and the fault-tolerance guard every call goes
 * through (SmallRye Fault Tolerance's programmatic {@link TypedGuard}, so each upstream has a circuit breaker
 * of its own, named {@code chat-upstream-<name>}). The guard covers the call up to the first byte only:
 * a timeout there, a 5xx, a 429 or a connection failure is retried here and then falls back to the next
 * upstream ({@link UpstreamRouter}); once bytes flow to the client nothing is retried.
 */
public final class UpstreamClient implements AutoCloseable {

    private static final TypeLiteral<Uni<UpstreamAnswer>> ANSWER = new TypeLiteral<>() {
    };

    private final String name;
    private final HttpClient client;
    private final String completionsUri;
    private final String authorization;
    private final long idleTimeoutMillis;
    private final int maxResponseBytes;
    private final TypedGuard<Uni<UpstreamAnswer>> guard;

    UpstreamClient(String name, ChatConfig.Upstream config, Vertx vertx, UpstreamMetrics metrics) {
        this.name = name;
        URI base = URI.create(config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/");
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalStateException("chat.upstreams." + name + ".base-url must be an http(s) URL");
        }
        this.completionsUri = base.resolve("chat/completions").toString();
        this.authorization = config.apiKey().filter(key -> !key.isBlank()).map(key -> "Bearer " + key).orElse(null);
        this.idleTimeoutMillis = config.idleTimeout().toMillis();
        this.maxResponseBytes = config.maxResponseBytes();
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setSsl("https".equals(base.getScheme()))
                .setVerifyHost(true)
                .setTrustAll(false)
                .setName("chat-upstream-" + name);
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxConnections()));
        ChatConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.guard = TypedGuard.create(ANSWER)
                .withDescription("chat upstream " + name)
                .withRetry()
                    .maxRetries(config.maxRetries())
                    .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .whenException(UpstreamClient::retryable)
                    .onRetry(() -> metrics.retried(name))
                    .done()
                .withCircuitBreaker()
                    .name("chat-upstream-" + name)
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(UpstreamClient::retryable)
                    .onStateChange(state -> metrics.breakerState(name, state))
                    .done()
                .withTimeout()
                    .duration(config.firstByteTimeout().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .build();
    }

    public String name() {
        return name;
    }

    /** A failure worth another attempt: see {@link UpstreamException#retryable()}; every timeout is one. */
    static boolean retryable(Throwable failure) {
        return failure instanceof TimeoutException || failure instanceof UpstreamException e && e.retryable();
    }

    /** POSTs {@code body} to {@code /chat/completions} through the guard; every attempt carries {@code requestId} (null: none). */
    public Uni<UpstreamAnswer> complete(Buffer body, boolean stream, String requestId) {
        return guard.get(() -> attempt(body, stream, requestId));
    }

    private Uni<UpstreamAnswer> attempt(Buffer body, boolean stream, String requestId) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            AtomicBoolean settled = new AtomicBoolean();
            // A timed-out or cancelled attempt must not keep the upstream generating: reset its request.
            emitter.onTermination(() -> {
                if (settled.compareAndSet(false, true) && sent.get() != null) {
                    sent.get().reset();
                }
            });
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(completionsUri)
                    .setIdleTimeout(idleTimeoutMillis)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json");
            if (authorization != null) {
                options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            if (requestId != null) {
                options.putHeader(RequestIds.HEADER, requestId);
            }
            client.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    settled.set(true);
                    emitter.fail(UpstreamException.connect(name, opened.cause()));
                    return;
                }
                HttpClientRequest request = opened.result();
                sent.set(request);
                if (settled.get()) {
                    request.reset();
                    return;
                }
                request.send(body).onComplete(answered -> {
                    if (answered.failed()) {
                        if (settled.compareAndSet(false, true)) {
                            emitter.fail(UpstreamException.connect(name, answered.cause()));
                        }
                        return;
                    }
                    HttpClientResponse response = answered.result();
                    if (response.statusCode() >= 400 || !stream) {
                        readWhole(request, response, settled, emitter);
                    } else {
                        awaitFirstBytes(request, response, settled, emitter);
                    }
                });
            });
        });
    }

    /** A non-streamed answer or an error: read whole, bounded. */
    private void readWhole(HttpClientRequest request, HttpClientResponse response, AtomicBoolean settled,
                           io.smallrye.mutiny.subscription.UniEmitter<? super UpstreamAnswer> emitter) {
        int status = response.statusCode();
        int limit = status >= 400 ? Math.min(maxResponseBytes, 64 * 1024) : maxResponseBytes;
        Buffer whole = Buffer.buffer();
        response.handler(chunk -> {
            if (whole.length() + chunk.length() > limit) {
                if (settled.compareAndSet(false, true)) {
                    request.reset();
                    emitter.fail(status >= 400 ? UpstreamException.status(name, status, whole, response.getHeader("Retry-After"))
                            : UpstreamException.tooLarge(name, limit));
                }
                return;
            }
            whole.appendBuffer(chunk);
        });
        response.exceptionHandler(failure -> {
            if (settled.compareAndSet(false, true)) {
                emitter.fail(UpstreamException.broken(name, "response cut short", failure));
            }
        });
        response.endHandler(done -> {
            if (settled.compareAndSet(false, true)) {
                if (status >= 400) {
                    emitter.fail(UpstreamException.status(name, status, whole, response.getHeader("Retry-After")));
                } else {
                    emitter.complete(new UpstreamAnswer.Complete(status, whole));
                }
            }
        });
    }

    /** A stream: settled on its first bytes, with the response paused for the relay to take over. */
    private void awaitFirstBytes(HttpClientRequest request, HttpClientResponse response, AtomicBoolean settled,
                                 io.smallrye.mutiny.subscription.UniEmitter<? super UpstreamAnswer> emitter) {
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase().startsWith("text/event-stream")) {
            settled.set(true);
            request.reset();
            emitter.fail(UpstreamException.broken(name, "a stream was asked for and " + type + " answered", null));
            return;
        }
        response.handler(chunk -> {
            if (chunk.length() > 0 && settled.compareAndSet(false, true)) {
                response.pause();
                emitter.complete(new UpstreamAnswer.Streaming(request, response, chunk, idleTimeoutMillis));
            }
        });
        response.exceptionHandler(failure -> {
            if (settled.compareAndSet(false, true)) {
                emitter.fail(UpstreamException.broken(name, "stream broken before its first event", failure));
            }
        });
        response.endHandler(done -> {
            if (settled.compareAndSet(false, true)) {
                emitter.fail(UpstreamException.broken(name, "stream ended without an event", null));
            }
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
