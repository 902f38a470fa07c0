package studio.ainative.identity.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import studio.ainative.identity.config.IdentityConfig;

/**
 * The only way this service talks to provider-controlled URLs. Every call: SSRF-checks the URL,
 * resolves the host once and connects to the checked address (no DNS rebinding between check and
 * connect), never follows redirects, and bounds connect time, total time and body size.
 */
@ApplicationScoped
public class GuardedHttpClient {

    private final Vertx vertx;
    private final SsrfGuard guard;
    private final HttpClient client;
    private final Duration readTimeout;

    public GuardedHttpClient(Vertx vertx, IdentityConfig config) {
        this.vertx = vertx;
        IdentityConfig.Jwks jwks = config.jwks();
        this.guard = new SsrfGuard(jwks.allowHttp(), jwks.allowLoopback(), jwks.allowedTargets().orElse(List.of()));
        this.readTimeout = jwks.readTimeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) jwks.connectTimeout().toMillis())
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxRedirects(0)
                .setMaxPoolSize(16)
                .setKeepAlive(true));
    }

    public SsrfGuard guard() {
        return guard;
    }

    /** Validates the URL and its resolved addresses without sending anything. */
    public Uni<URI> checkTarget(String url) {
        return parse(url).chain(uri -> resolvePermitted(uri).replaceWith(uri));
    }

    public Uni<OutboundResponse> get(String url, int maxBytes) {
        return send(HttpMethod.GET, url, Map.of("Accept", "application/json"), null, maxBytes);
    }

    public Uni<OutboundResponse> postJson(String url, Map<String, String> headers, String json, int maxBytes) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        all.put("Accept", "application/json");
        return send(HttpMethod.POST, url, all, Buffer.buffer(json), maxBytes);
    }

    private Uni<OutboundResponse> send(HttpMethod method, String url, Map<String, String> headers, Buffer body, int maxBytes) {
        return parse(url).chain(uri -> resolvePermitted(uri).chain(addresses -> {
            RequestOptions options = new RequestOptions()
                    .setMethod(method)
                    .setServer(SocketAddress.inetSocketAddress(SsrfGuard.portOf(uri), addresses.get(0).getHostAddress()))
                    .setHost(uri.getHost())
                    .setPort(SsrfGuard.portOf(uri))
                    .setSsl("https".equalsIgnoreCase(uri.getScheme()))
                    .setURI(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                    .setFollowRedirects(false)
                    .setIdleTimeout(readTimeout.toMillis())
                    .putHeader("User-Agent", "ainative-identity/1");
            headers.forEach(options::putHeader);
            return Uni.createFrom().<OutboundResponse>emitter(emitter -> exchange(options, body, maxBytes, emitter));
        }));
    }

    private void exchange(RequestOptions options, Buffer body, int maxBytes,
                          io.smallrye.mutiny.subscription.UniEmitter<? super OutboundResponse> emitter) {
        Promise<OutboundResponse> promise = Promise.promise();
        promise.future().onComplete(ar -> {
            if (ar.succeeded()) {
                emitter.complete(ar.result());
            } else {
                emitter.fail(ar.cause());
            }
        });
        long deadline = readTimeout.toMillis() + options.getConnectTimeout() + 250;
        long timer = vertx.setTimer(Math.max(deadline, 1), t -> promise.tryFail(new OutboundCallException("timed out")));
        client.request(options).onComplete(requested -> {
            if (requested.failed()) {
                vertx.cancelTimer(timer);
                promise.tryFail(new OutboundCallException("unreachable", requested.cause()));
                return;
            }
            HttpClientRequest request = requested.result();
            promise.future().onFailure(e -> request.reset());
            (body == null ? request.send() : request.send(body)).onComplete(responded -> {
                if (responded.failed()) {
                    vertx.cancelTimer(timer);
                    promise.tryFail(new OutboundCallException("request failed", responded.cause()));
                    return;
                }
                var response = responded.result();
                int status = response.statusCode();
                if (status >= 300 && status < 400) {
                    vertx.cancelTimer(timer);
                    promise.tryFail(new OutboundCallException("redirect (HTTP " + status + ") not followed"));
                    return;
                }
                String length = response.getHeader("Content-Length");
                if (length != null && parseLong(length) > maxBytes) {
                    vertx.cancelTimer(timer);
                    promise.tryFail(new OutboundCallException("response larger than " + maxBytes + " bytes"));
                    return;
                }
                Buffer received = Buffer.buffer();
                response.handler(chunk -> {
                    if (received.length() + chunk.length() > maxBytes) {
                        vertx.cancelTimer(timer);
                        promise.tryFail(new OutboundCallException("response larger than " + maxBytes + " bytes"));
                    } else {
                        received.appendBuffer(chunk);
                    }
                });
                response.exceptionHandler(e -> {
                    vertx.cancelTimer(timer);
                    promise.tryFail(new OutboundCallException("response interrupted", e));
                });
                response.endHandler(v -> {
                    vertx.cancelTimer(timer);
                    promise.tryComplete(new OutboundResponse(status, response.headers(), received.toString()));
                });
            });
        });
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private Uni<URI> parse(String url) {
        return Uni.createFrom().item(() -> {
            URI uri;
            try {
                uri = new URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new RuntimeBlocked(new BlockedTargetException("URL is not valid"));
            }
            try {
                guard.checkUrl(uri);
            } catch (BlockedTargetException e) {
                throw new RuntimeBlocked(e);
            }
            return uri;
        }).onFailure(RuntimeBlocked.class).transform(e -> ((RuntimeBlocked) e).blocked);
    }

    /** DNS resolution is blocking in the JDK: it runs on a worker thread, never on the event loop. */
    private Uni<List<InetAddress>> resolvePermitted(URI uri) {
        return Uni.createFrom().completionStage(() -> vertx.<List<InetAddress>>executeBlocking(() -> {
                    try {
                        return Arrays.asList(InetAddress.getAllByName(uri.getHost()));
                    } catch (UnknownHostException e) {
                        throw new OutboundCallException("host does not resolve");
                    }
                }, false).toCompletionStage())
                .map(resolved -> {
                    try {
                        return guard.permittedAddresses(uri, resolved);
                    } catch (BlockedTargetException e) {
                        throw new RuntimeBlocked(e);
                    }
                })
                .onFailure(RuntimeBlocked.class).transform(e -> ((RuntimeBlocked) e).blocked);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Carries a checked exception through Mutiny's unchecked pipeline. */
    private static final class RuntimeBlocked extends RuntimeException {
        final BlockedTargetException blocked;

        RuntimeBlocked(BlockedTargetException blocked) {
            super(blocked.getMessage(), null, false, false);
            this.blocked = blocked;
        }
    }
}
