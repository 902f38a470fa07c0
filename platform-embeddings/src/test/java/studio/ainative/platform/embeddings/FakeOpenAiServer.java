package studio.ainative.platform.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible {@code /v1/embeddings} on 127.0.0.1. Each text becomes a 4-dimensional vector
 * derived from its length; answers are given in reverse order to prove the client sorts by index.
 * Tests script failures with {@link #failNext} ({@link #DROP_CONNECTION} cuts the answer off mid-body) and the
 * vectors' content with {@link #value}.
 */
public final class FakeOpenAiServer implements QuarkusTestResourceLifecycleManager {

    /** A scripted "status": the answer starts, then the connection closes before the body is complete. */
    static final int DROP_CONNECTION = -1;
    static final AtomicInteger REQUESTS = new AtomicInteger();
    static final ConcurrentLinkedQueue<Integer> SCRIPTED_STATUSES = new ConcurrentLinkedQueue<>();
    static volatile int dimensions = 4;
    static volatile String lastAuthorization;
    /** When set, every component of every vector (else derived from the text's length). */
    static volatile Double value;

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    static void reset() {
        REQUESTS.set(0);
        SCRIPTED_STATUSES.clear();
        dimensions = 4;
        lastAuthorization = null;
        value = null;
    }

    /** The next requests answer these statuses (with an error body) before normal service resumes. */
    static void failNext(int... statuses) {
        for (int status : statuses) {
            SCRIPTED_STATUSES.add(status);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/embeddings", this::handle);
        server.start();
        return Map.of("platform.embeddings.provider", "remote",
                "platform.embeddings.remote.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "platform.embeddings.remote.api-key", "sk-test-key",
                "platform.embeddings.remote.model", "test-embedding-model",
                "platform.embeddings.remote.dimensions", "4",
                "platform.embeddings.remote.batch-size", "3");
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        REQUESTS.incrementAndGet();
        lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        Integer scripted = SCRIPTED_STATUSES.poll();
        if (scripted != null && scripted == DROP_CONNECTION) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("{\"data\": [".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.close();
            return;
        }
        if (scripted != null) {
            send(exchange, scripted, "{\"error\":{\"message\":\"scripted\",\"type\":\"test\"}}");
            return;
        }
        ArrayNode data = JSON.createArrayNode();
        JsonNode input = request.get("input");
        for (int i = input.size() - 1; i >= 0; i--) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode vector = item.putArray("embedding");
            int length = input.get(i).asText().length();
            for (int d = 0; d < dimensions; d++) {
                vector.add(value != null ? value : length + d / 10.0);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        body.set("data", data);
        body.put("model", request.get("model").asText());
        send(exchange, 200, JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
