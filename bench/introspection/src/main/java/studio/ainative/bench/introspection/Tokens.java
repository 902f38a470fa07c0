package studio.ainative.bench.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Session JWTs minted by devkit's Stytch emulator ({@code POST /dev/tokens}), as its end users' sessions would carry them. */
final class Tokens {

    /** An hour: longer than any run, so no token expires mid-run (Stytch's own live five minutes). */
    static final int LIFETIME_SECONDS = 3600;
    /** Users per tag: the tokens of one tag cycle over this many emails. */
    private static final int USERS = 1000;
    private static final int PARALLEL = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String devkitUrl;

    Tokens(String devkitUrl) {
        this.devkitUrl = devkitUrl;
    }

    /** {@code count} distinct tokens into {@code file}, one per line, for users {@code bench-<tag>-<n>@example.com}. */
    void mint(Path file, int count, String tag) throws Exception {
        List<String> tokens = new ArrayList<>(count);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int part = 0; part < PARALLEL; part++) {
                int first = part;
                parts.add(pool.submit(() -> {
                    List<String> minted = new ArrayList<>();
                    for (int i = first; i < count; i += PARALLEL) {
                        minted.add(one("bench-" + tag + "-" + (i % USERS) + "@example.com"));
                    }
                    return minted;
                }));
            }
            for (Future<List<String>> part : parts) {
                tokens.addAll(part.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long distinct = new HashSet<>(tokens).size();
        if (distinct != count) {
            throw new IllegalStateException("devkit minted " + distinct + " distinct tokens of " + count);
        }
        Files.write(file, tokens);
    }

    /** One session JWT for {@code email}. */
    String one(String email) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(devkitUrl + "/dev/tokens"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("email", email,
                        "lifetime_seconds", LIFETIME_SECONDS))))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.statusCode() / 100 == 2 ? JSON.readTree(response.body()) : null;
        if (body == null || !body.hasNonNull("session_jwt")) {
            throw new IllegalStateException("devkit answered " + response.statusCode() + ": " + response.body());
        }
        return body.get("session_jwt").asText();
    }
}
