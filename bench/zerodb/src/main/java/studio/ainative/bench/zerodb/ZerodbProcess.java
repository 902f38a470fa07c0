package studio.ainative.bench.zerodb;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged zerodb-service (prod profile) on a free port, against the bench database. */
final class ZerodbProcess implements AutoCloseable {

    private final int port;
    private final Process process;

    ZerodbProcess(Path jar, String database, String identityUrl, String serviceName, String serviceSecret, Path log) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(Map.ofEntries(
                Map.entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                Map.entry("QUARKUS_HTTP_PORT", Integer.toString(port)),
                Map.entry("ZERODB_DB_HOST", "127.0.0.1"),
                Map.entry("ZERODB_DB_PORT", "5432"),
                Map.entry("ZERODB_DB_NAME", database),
                Map.entry("ZERODB_DB_APP_USER", "zerodb_app"),
                Map.entry("ZERODB_DB_APP_PASSWORD", "zerodb_app_local"),
                Map.entry("ZERODB_DB_OWNER_USER", "zerodb_owner"),
                Map.entry("ZERODB_DB_OWNER_PASSWORD", "zerodb_owner_local"),
                Map.entry("ZERODB_IDENTITY_URL", identityUrl),
                Map.entry("PLATFORM_AUTH_SERVICE_NAME", serviceName),
                Map.entry("ZERODB_SERVICE_SECRET", serviceSecret)));
        process = builder.start();
        awaitReady(log);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("zerodb-service exited; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("zerodb-service not ready within 90 s; see " + log + "\n" + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
