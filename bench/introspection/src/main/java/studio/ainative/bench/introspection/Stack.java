package studio.ainative.bench.introspection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stack {@code ./dev up} runs, as it describes it in {@code .dev/stack.env} (devkit, PostgreSQL, Redis, the
 * suffix of its databases) and {@code .dev/secrets.env} (identity's keys, zerodb-service's introspection secret).
 */
record Stack(String devkitUrl, String pgHost, int pgPort, String redisHost, int redisPort, String dbSuffix, Map<String, String> secrets) {

    /** identity's secrets the benchmark's identity-service needs, and the introspection client it authenticates as. */
    static final List<String> SECRETS = List.of("IDENTITY_ADMIN_TOKEN", "IDENTITY_SECRETS_KEY", "IDENTITY_SIGNING_KEY",
            "IDENTITY_CACHE_KEY", "ZERODB_SERVICE_SECRET");

    static Stack read(Path devDir) throws IOException {
        Map<String, String> stack = values(Files.readAllLines(devDir.resolve("stack.env")));
        Map<String, String> secrets = values(Files.readAllLines(devDir.resolve("secrets.env")));
        for (String name : List.of("DEVKIT_URL", "PG_HOST", "PG_PORT", "REDIS_HOST", "REDIS_PORT")) {
            if (stack.getOrDefault(name, "").isEmpty()) {
                throw new IllegalStateException(devDir.resolve("stack.env") + " does not name " + name + " (written by an older ./dev); run ./dev up");
            }
        }
        for (String name : SECRETS) {
            if (secrets.getOrDefault(name, "").isEmpty()) {
                throw new IllegalStateException(devDir.resolve("secrets.env") + " lacks " + name + "; run ./dev up");
            }
        }
        return new Stack(stack.get("DEVKIT_URL"), stack.get("PG_HOST"), Integer.parseInt(stack.get("PG_PORT")), stack.get("REDIS_HOST"),
                Integer.parseInt(stack.get("REDIS_PORT")), stack.getOrDefault("DB_SUFFIX", ""), Map.copyOf(secrets));
    }

    /** {@code KEY=value} lines as ./dev writes them; comments and blank lines skipped. */
    static Map<String, String> values(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    String identityDatabase() {
        return "identity" + dbSuffix;
    }

    int devkitPort() {
        return Integer.parseInt(devkitUrl.substring(devkitUrl.lastIndexOf(':') + 1));
    }

    String serviceSecret() {
        return secrets.get("ZERODB_SERVICE_SECRET");
    }
}
