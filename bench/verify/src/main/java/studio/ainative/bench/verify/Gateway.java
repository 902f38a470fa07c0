package studio.ainative.bench.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import studio.ainative.platform.testing.ServiceProcess;

/**
 * The local stack's gateway (deploy/local/nginx.conf.template, rendered as ./dev renders it) in front of one target:
 * its identity upstream points at the target, the other services' at a port nothing listens on. nginx runs in the
 * foreground under {@code target/}, stopped with the benchmark.
 */
final class Gateway implements AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

    private final ServiceProcess nginx;
    private final String url;

    private Gateway(ServiceProcess nginx, String url) {
        this.nginx = nginx;
        this.url = url;
    }

    /** nginx with the repository's gateway configuration, routing {@code /api/v1/auth/} to 127.0.0.1:{@code targetPort}. */
    static Gateway start(Path repo, Path dir, String name, int targetPort) throws IOException {
        Path home = dir.resolve("nginx-" + name);
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("temp"));
        int port = ServiceProcess.freePort();
        int nowhere = ServiceProcess.freePort();
        Map<String, String> values = Map.of("DEV_NGINX_DIR", home.toString(), "DEV_PORT_GATEWAY", Integer.toString(port),
                "DEV_PORT_IDENTITY_SERVICE", Integer.toString(targetPort));
        Matcher placeholders = PLACEHOLDER.matcher(Files.readString(repo.resolve("deploy/local/nginx.conf.template")));
        StringBuilder rendered = new StringBuilder();
        while (placeholders.find()) {
            String value = values.get(placeholders.group(1));
            if (value == null && !placeholders.group(1).startsWith("DEV_PORT_")) {
                throw new IllegalStateException("the gateway template has a placeholder this bench does not fill: " + placeholders.group());
            }
            placeholders.appendReplacement(rendered, Matcher.quoteReplacement(value != null ? value : Integer.toString(nowhere)));
        }
        placeholders.appendTail(rendered);
        Path conf = home.resolve("nginx.conf");
        Files.writeString(conf, rendered);
        ServiceProcess nginx = ServiceProcess.listening("gateway-" + name, List.of("nginx", "-p", home + "/", "-c", conf.toString(),
                "-e", home.resolve("logs/error.log").toString(), "-g", "daemon off; pid " + home.resolve("nginx.pid") + ";"), Map.of(), port);
        return new Gateway(nginx, "http://127.0.0.1:" + port);
    }

    String url() {
        return url;
    }

    /** nginx's master and workers: CPU and memory of the gateway. */
    ProcessHandle process() {
        return nginx.handle().orElseThrow();
    }

    @Override
    public void close() {
        nginx.stop();
    }
}
