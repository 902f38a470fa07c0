package studio.ainative.bench.chat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed loop of {@code clients} clients on one Vert.x HTTP client: each sends its next request as soon as the
 * previous one has ended, for a fixed time and at most a fixed number of requests, over keep-alive connections
 * (one per client). A request's time is from just before it is sent to the end of its body; a stream's time to
 * first event is until the first whole Server-Sent Event (its blank line) has arrived. An answer counts only when
 * it is whole: status 200 and a {@code chat.completion}, or a stream ending in {@code data: [DONE]}.
 */
final class ClosedLoop implements AutoCloseable {

    /** Where the requests go: an absolute URL, and each client's bearer credential (client i takes i mod n). */
    record Target(String name, String url, List<String> bearers) {
    }

    /** What one slice measured: every answer's whole time, a stream's time to first event, and the failures. */
    record Slice(Samples total, Samples firstEvent, int errors, String firstError, double seconds) {

        double perSecond() {
            return total.size() / seconds;
        }
    }

    private static final String DONE = "data: [DONE]\n\n";
    private static final String COMPLETION = "\"object\":\"chat.completion\"";

    private final Vertx vertx;
    private final HttpClient http;
    private final int clients;
    private final Duration timeout;
    private final int maxRequests;

    ClosedLoop(int clients, int eventLoops, Duration timeout, int maxRequests) {
        this.clients = clients;
        this.timeout = timeout;
        this.maxRequests = maxRequests;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout((int) timeout.toMillis()), new PoolOptions().setHttp1MaxSize(clients));
    }

    /** {@code clients} closed loops against {@code target} for {@code duration}; waits for the last answers. */
    Slice run(Target target, byte[] body, boolean stream, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        AtomicInteger started = new AtomicInteger();
        List<Client> all = new ArrayList<>();
        int expected = (int) Math.min(maxRequests, 50_000L * duration.toSeconds() / clients + 16);
        long began = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Client client = new Client(target, "Bearer " + target.bearers().get(i % target.bearers().size()), body, stream, deadline,
                    started, finished, expected);
            all.add(client);
            vertx.runOnContext(ignored -> client.next());
        }
        if (!finished.await(duration.plus(timeout).toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(target.name() + ": clients still waiting for answers " + timeout + " after the slice ended");
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        int errors = all.stream().mapToInt(c -> c.errors).sum();
        String firstError = all.stream().map(c -> c.firstError).filter(e -> e != null).findFirst().orElse(null);
        return new Slice(Samples.merge(all.stream().map(c -> c.total).toList()),
                Samples.merge(all.stream().map(c -> c.firstEvent).toList()), errors, firstError, seconds);
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }

    /** One client: its requests one after another, on its Vert.x context (so its fields need no locking). */
    private final class Client {

        private final Target target;
        private final String authorization;
        private final byte[] body;
        private final boolean stream;
        private final long deadline;
        private final AtomicInteger started;
        private final CountDownLatch finished;
        final Samples total;
        final Samples firstEvent;
        int errors;
        String firstError;

        Client(Target target, String authorization, byte[] body, boolean stream, long deadline, AtomicInteger started,
               CountDownLatch finished, int expected) {
            this.target = target;
            this.authorization = authorization;
            this.body = body;
            this.stream = stream;
            this.deadline = deadline;
            this.started = started;
            this.finished = finished;
            this.total = new Samples(expected);
            this.firstEvent = new Samples(stream ? expected : 0);
        }

        void next() {
            if (System.nanoTime() >= deadline || started.incrementAndGet() > maxRequests) {
                finished.countDown();
                return;
            }
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target.url())
                    .setIdleTimeout(timeout.toMillis())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.AUTHORIZATION, authorization);
            long sent = System.nanoTime();
            http.request(options).compose(request -> request.send(Buffer.buffer(body))).onComplete(answered -> {
                if (answered.failed()) {
                    failed(answered.cause().toString());
                } else {
                    read(answered.result(), sent);
                }
            });
        }

        private void read(HttpClientResponse response, long sent) {
            Buffer whole = Buffer.buffer(stream ? 4096 : 1024);
            long[] firstEventAt = {0};
            boolean[] over = {false};
            response.handler(chunk -> {
                if (stream && firstEventAt[0] == 0 && endsAnEvent(whole, chunk)) {
                    firstEventAt[0] = System.nanoTime();
                }
                whole.appendBuffer(chunk);
            });
            response.exceptionHandler(failure -> {
                if (!over[0]) {
                    over[0] = true;
                    failed(failure.toString());
                }
            });
            response.endHandler(end -> {
                long ended = System.nanoTime();
                if (over[0]) {
                    return;
                }
                over[0] = true;
                String text = whole.toString();
                if (response.statusCode() != 200) {
                    failed(response.statusCode() + " " + abbreviate(text));
                } else if (stream ? !text.endsWith(DONE) || firstEventAt[0] == 0 : !text.contains(COMPLETION)) {
                    failed("incomplete answer: " + abbreviate(text));
                } else {
                    total.add(ended - sent);
                    if (stream) {
                        firstEvent.add(firstEventAt[0] - sent);
                    }
                    next();
                }
            });
        }

        private void failed(String why) {
            errors++;
            if (firstError == null) {
                firstError = why;
            }
            next();
        }
    }

    /** Whether {@code chunk}, arriving after {@code before}, completes an event: an LF right after an LF. */
    private static boolean endsAnEvent(Buffer before, Buffer chunk) {
        byte previous = before.length() == 0 ? 0 : before.getByte(before.length() - 1);
        for (int i = 0; i < chunk.length(); i++) {
            byte b = chunk.getByte(i);
            if (b == '\n' && previous == '\n') {
                return true;
            }
            if (b != '\r') {
                previous = b;
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
