package studio.ainative.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The running stack as {@code ./dev up} describes it in {@code .dev/stack.env}, with the service credentials of {@code .dev/secrets.env}. */
record Stack(Map<String, String> env, Map<String, String> secrets, Path devDir) {

    static Stack read(Path devDir) throws IOException {
        return new Stack(keyValues(devDir.resolve("stack.env")), keyValues(devDir.resolve("secrets.env")), devDir);
    }

    private static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    String get(String key) {
        String value = env.containsKey(key) ? env.get(key) : secrets.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(key + " is not in " + devDir + "/stack.env or secrets.env");
        }
        return value;
    }

    String gateway() {
        return get("BASE_URL");
    }

    String identity() {
        return get("IDENTITY_URL");
    }

    String devkit() {
        return get("STYTCH_BASE_URL");
    }

    /** A service's own URL (not routed by the gateway): /q/metrics, internal endpoints. */
    String service(String name) {
        return get(name.replace("-service", "").toUpperCase(java.util.Locale.ROOT) + "_URL");
    }

    /** The pid file {@code ./dev} keeps for a service. */
    Path pidFile(String service) {
        return devDir.resolve("run").resolve(service + ".pid");
    }

    /** A service's log, and the one before its last restart. */
    Path log(String service) {
        return devDir.resolve("logs").resolve(service + ".log");
    }

    /** The stack's name of one of its databases (a second stack's carry a suffix). */
    String database(String name) {
        return name + env.getOrDefault("DB_SUFFIX", "");
    }

    /** The cluster's maintenance database, for the statistics views. */
    String maintenanceJdbcUrl() {
        return "jdbc:postgresql://" + get("PG_HOST") + ":" + get("PG_PORT") + "/postgres";
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + get("PG_HOST") + ":" + get("PG_PORT") + "/" + database + env.getOrDefault("DB_SUFFIX", "");
    }
}
