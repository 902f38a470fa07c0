package studio.ainative.bench.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The suite's HTTP client: never throws for a failed request, so a fault shows up as a status. A status of
 * {@link #IO_ERROR} means no answer (connection refused or reset), {@link #TIMEOUT} no answer in time.
 */
final class Http {

    static final int IO_ERROR = 0;
    static final int TIMEOUT = -1;

    /** One answer; {@code body} is empty when there was none. */
    record Reply(int status, HttpHeaders headers, byte[] body, double latencyMs) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            return headers == null ? Optional.empty() : headers.firstValue(name);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Duration timeout;

    Http(Duration timeout) {
        this.timeout = timeout;
    }

    Reply get(String url, Map<String, String> headers) {
        return send(builder(url, headers).GET());
    }

    Reply post(String url, Map<String, String> headers, String contentType, byte[] body) {
        return send(builder(url, headers).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply method(String method, String url, Map<String, String> headers, String contentType, byte[] body) {
        HttpRequest.Builder request = builder(url, headers);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return send(request);
    }

    private HttpRequest.Builder builder(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        headers.forEach(request::header);
        return request;
    }

    /** The whole exchange, body included, is bounded by the timeout: a stream stalled mid-way is a timeout too. */
    private Reply send(HttpRequest.Builder request) {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Reply(response.statusCode(), response.headers(), response.body(), elapsedMs(started));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Reply(TIMEOUT, null, new byte[0], elapsedMs(started));
        } catch (ExecutionException e) {
            return new Reply(e.getCause() instanceof HttpTimeoutException ? TIMEOUT : IO_ERROR, null, new byte[0], elapsedMs(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(IO_ERROR, null, new byte[0], elapsedMs(started));
        }
    }

    private static double elapsedMs(long started) {
        return (System.nanoTime() - started) / 1e6;
    }
}
