package studio.ainative.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.LocalEnvFile;
import studio.ainative.platform.testing.QuarkusAppProcess;
import studio.ainative.platform.testing.SigningKeyPem;

/**
 * The packaged jar as Kubernetes runs it (deploy/README.md, "Migrations"): the migration Job
 * ({@code IDENTITY_MIGRATE_AT_START=true}, {@code QUARKUS_INIT_AND_EXIT=true}) migrates as the owner role and
 * exits without serving; the pods ({@code IDENTITY_MIGRATE_AT_START=false}) start and get ready with no owner
 * credential at all.
 */
class MigrationJobIT {

    @Test
    void theJobMigratesAsTheOwnerAndExits() throws Exception {
        Map<String, String> env = localEnvironment();
        env.put("IDENTITY_MIGRATE_AT_START", "true");
        env.put("QUARKUS_INIT_AND_EXIT", "true");
        Run run = runToExit(env);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("Successfully validated"), "Flyway ran:\n" + run.output());
        assertFalse(run.output().contains("Listening on"), "it never served:\n" + run.output());
    }

    @Test
    void theJobFailsWhenItCannotConnectAsTheOwner() throws Exception {
        Map<String, String> env = localEnvironment();
        env.put("IDENTITY_MIGRATE_AT_START", "true");
        env.put("QUARKUS_INIT_AND_EXIT", "true");
        // A role that does not exist: refused even where the local PostgreSQL trusts every password.
        env.put("IDENTITY_DB_OWNER_USER", "identity_owner_that_does_not_exist");
        Run run = runToExit(env);
        assertNotEquals(0, run.exitCode(), run.output());
    }

    @Test
    void thePodsStartWithoutAnyOwnerCredential() {
        Map<String, String> env = localEnvironment();
        env.keySet().removeIf(k -> k.startsWith("IDENTITY_DB_OWNER_"));
        env.put("IDENTITY_MIGRATE_AT_START", "false");
        QuarkusAppProcess pod = new QuarkusAppProcess("identity-service", "256m", env);
        try {
            pod.start(); // returns once /q/health/ready answers 200
        } finally {
            pod.stop();
        }
    }

    /** identity's local environment (deploy/local/env/identity-service.env) against the test database. */
    private static Map<String, String> localEnvironment() {
        return new HashMap<>(LocalEnvFile.of("identity-service", Map.of(
                "DB_NAME", System.getenv().getOrDefault("IDENTITY_TEST_DB_NAME", "identity_test"),
                "DB_HOST", IdentityProcess.TEST_DB_HOST,
                "DB_PORT", IdentityProcess.TEST_DB_PORT,
                "REDIS_URL", IdentityProcess.TEST_REDIS_URL,
                "IDENTITY_ADMIN_TOKEN", IdentityProcess.ADMIN_TOKEN,
                "IDENTITY_SECRETS_KEY", IdentityProcess.SECRETS_KEY,
                "IDENTITY_SIGNING_KEY", SigningKeyPem.generate(),
                "IDENTITY_CACHE_KEY", IdentityProcess.CACHE_KEY,
                "JWKS_ALLOWED_TARGETS", "",
                "INTROSPECTION_CLIENTS", "")));
    }

    private record Run(int exitCode, String output) {
    }

    private static Run runToExit(Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("identity-migration-job", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", QuarkusAppProcess.jar("identity-service").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        Process process = builder.start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the Job did not exit within 90 s:\n" + Files.readString(log));
            }
            return new Run(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
