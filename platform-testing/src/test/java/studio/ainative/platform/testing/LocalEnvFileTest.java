package studio.ainative.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalEnvFileTest {

    @Test
    void readsKeyValueLinesInFileOrder() {
        Map<String, String> env = LocalEnvFile.parse(List.of("B=2", "A=1"), Map.of(), "test.env");

        assertEquals(List.of("B", "A"), List.copyOf(env.keySet()));
        assertEquals("1", env.get("A"));
    }

    @Test
    void skipsCommentsAndBlankLines() {
        assertEquals(Map.of("A", "1"), LocalEnvFile.parse(List.of("# a comment", "", "  ", "A=1"), Map.of(), "test.env"));
    }

    @Test
    void keepsEverythingAfterTheFirstEqualsSign() {
        assertEquals("a=b==", LocalEnvFile.parse(List.of("KEY=a=b=="), Map.of(), "test.env").get("KEY"));
    }

    @Test
    void keepsAnEmptyValue() {
        assertEquals("", LocalEnvFile.parse(List.of("KEY="), Map.of(), "test.env").get("KEY"));
    }

    @Test
    void replacesEachPlaceholderWithTheSuppliedValue() {
        Map<String, String> env = LocalEnvFile.parse(List.of("URL=postgresql://${HOST}:5432/${DB}"),
                Map.of("HOST", "127.0.0.1", "DB", "identity"), "test.env");

        assertEquals("postgresql://127.0.0.1:5432/identity", env.get("URL"));
    }

    @Test
    void insertsSuppliedValuesLiterally() {
        Map<String, String> env = LocalEnvFile.parse(List.of("KEY=${SECRET}"), Map.of("SECRET", "a$1\\b${OTHER}"), "test.env");

        assertEquals("a$1\\b${OTHER}", env.get("KEY"));
    }

    @Test
    void refusesAPlaceholderTheCallerDidNotSupply() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LocalEnvFile.parse(List.of("A=1", "KEY=${MISSING}"), Map.of(), "test.env"));

        assertEquals("test.env:2: ${MISSING} is not supplied", refused.getMessage());
    }

    @Test
    void refusesALineWithoutEqualsSign() {
        assertThrows(IllegalArgumentException.class, () -> LocalEnvFile.parse(List.of("export"), Map.of(), "test.env"));
    }

    @Test
    void refusesALineWhoseKeyIsNotAVariableName() {
        assertThrows(IllegalArgumentException.class, () -> LocalEnvFile.parse(List.of("export KEY=1"), Map.of(), "test.env"));
    }

    @Test
    void readsIdentitysLocalEnvironmentFromTheRepository() {
        Map<String, String> env = LocalEnvFile.of("identity-service", Map.ofEntries(
                Map.entry("DB_NAME", "identity_test"), Map.entry("DB_HOST", "db.local"), Map.entry("DB_PORT", "15432"),
                Map.entry("REDIS_URL", "redis://127.0.0.1:16379"), Map.entry("IDENTITY_ADMIN_TOKEN", "t"),
                Map.entry("IDENTITY_SECRETS_KEY", "s"), Map.entry("IDENTITY_SIGNING_KEY", "k"), Map.entry("IDENTITY_CACHE_KEY", "c"),
                Map.entry("JWKS_ALLOWED_TARGETS", ""), Map.entry("INTROSPECTION_CLIENTS", "svc:secret")));

        assertEquals("identity_test", env.get("IDENTITY_DB_NAME"));
        // The caller's PostgreSQL and Redis, so a stack on other ports (DEV_PORT_BASE, DEV_PG_PORT) finds them.
        assertEquals("db.local", env.get("IDENTITY_DB_HOST"));
        assertEquals("15432", env.get("IDENTITY_DB_PORT"));
        assertEquals("redis://127.0.0.1:16379", env.get("IDENTITY_REDIS_URL"));
        assertEquals("svc:secret", env.get("IDENTITY_INTROSPECTION_CLIENTS"));
        assertTrue(env.keySet().stream().allMatch(key -> key.startsWith("IDENTITY_")), env.keySet().toString());
    }
}
