package studio.ainative.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/README.md's "Environment variables" lists, for each service, exactly the variables its configuration
 * reads ({@code ${VAR}} in application.properties) and its manifests set; and every variable the manifests set
 * is one the service reads.
 */
class EnvironmentTableTest {

    /** Read by the JVM or a library rather than by the application's configuration. */
    private static final Map<String, String> READ_OUTSIDE_THE_CONFIGURATION = Map.of(
            "JAVA_TOOL_OPTIONS", "the JVM",
            "MALLOC_ARENA_MAX", "glibc's malloc, in the JVM's process",
            "DJL_CACHE_DIR", "DJL, where the tokenizer's native library is unpacked");

    private static final List<Pattern> QUARKUS = Environment.quarkusRuntimeVariables();

    static Set<String> services() {
        return DeploymentRules.SERVICES.keySet();
    }

    @ParameterizedTest
    @MethodSource("services")
    void theReadmeListsExactlyTheVariablesOfTheService(String service) {
        Set<String> configured = new TreeSet<>(Environment.referenced(service));
        configured.addAll(Environment.deployed(service, base()));
        Set<String> documented = Environment.documented(service);

        Set<String> missing = new TreeSet<>(configured);
        missing.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(configured);
        assertEquals(Set.of(), missing, service + ": used but not in deploy/README.md's table");
        assertEquals(Set.of(), stale, service + ": in deploy/README.md's table but neither read nor deployed");
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyDeployedVariableIsOneTheServiceReads(String service) {
        Set<String> referenced = Environment.referenced(service);
        Set<String> platformAuth = platformAuthVariables();
        for (String var : Environment.deployed(service, base())) {
            boolean read = referenced.contains(var)
                    || QUARKUS.stream().anyMatch(p -> p.matcher(var).matches())
                    || platformAuth.contains(var)
                    || READ_OUTSIDE_THE_CONFIGURATION.containsKey(var);
            assertTrue(read, service + ": the manifests set " + var + ", which nothing in the service reads");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"QUARKUS_DATASOURCE_MIGRATIONS_JDBC_URL", "QUARKUS_REDIS_TLS_TRUST_CERTIFICATE_PEM_CERTS",
            "QUARKUS_INIT_AND_EXIT", "QUARKUS_SHUTDOWN_TIMEOUT", "QUARKUS_HTTP_PORT"})
    void knowsQuarkusRuntimeVariables(String var) {
        assertTrue(QUARKUS.stream().anyMatch(p -> p.matcher(var).matches()), var);
    }

    @ParameterizedTest
    @ValueSource(strings = {"QUARKUS_DATASOURCE_HEALTH_ENABLED", "QUARKUS_REDIS_HOSTZ", "QUARKUS_HTTP_PORTS"})
    void refusesBuildTimeAndMisspeltQuarkusVariables(String var) {
        assertFalse(QUARKUS.stream().anyMatch(p -> p.matcher(var).matches()), var);
    }

    /** PLATFORM_AUTH_* of each key of platform-auth's PlatformAuthConfig (identityUrl → PLATFORM_AUTH_IDENTITY_URL). */
    private static Set<String> platformAuthVariables() {
        String source = Repository.read("platform-auth/src/main/java/studio/ainative/platform/auth/PlatformAuthConfig.java");
        Set<String> vars = new TreeSet<>();
        Matcher m = Pattern.compile("^\\s+[\\w<>]+ (\\w+)\\(\\);", Pattern.MULTILINE).matcher(source);
        while (m.find()) {
            vars.add("PLATFORM_AUTH_" + m.group(1).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase());
        }
        assertTrue(vars.contains("PLATFORM_AUTH_IDENTITY_URL"), "read PlatformAuthConfig: " + vars);
        return vars;
    }

    /** The base: every variable an overlay sets, before the overlays change some values. */
    private static Manifests base() {
        return Manifests.parse(Rendered.yaml("deploy/k8s/base"));
    }
}
