package studio.ainative.identity.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Migration V2 on rows that existed before it, in a schema of this test's own: the oldest provider of
 * each project keeps unqualified owner ids (rows its users own stay theirs), every other one is
 * qualified by its id, and each provider holds its issuer since its registration.
 */
@QuarkusTest
class OwnerQualifierMigrationTest {

    @Test
    void theOldestProviderOfEachProjectStaysUnqualifiedAndTheOthersAreQualified() throws Exception {
        String schema = "migration_v2_" + UUID.randomUUID().toString().replace("-", "");
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.migrations.jdbc.url", String.class);
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        // Registered in the same instant: the lower id counts as the older.
        UUID oldest = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID tied = UUID.fromString("ffffffff-0000-0000-0000-000000000002");
        UUID newer = UUID.randomUUID();
        UUID onlyOfTwo = UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(url, "identity_owner", "identity_owner_local");
             Statement sql = db.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
            try {
                sql.execute("SET search_path TO " + schema);
                sql.execute(migration("V1__identity_schema.sql"));
                sql.execute("INSERT INTO projects (id, name) VALUES ('" + one + "', 'one'), ('" + two + "', 'two')");
                insertProvider(sql, oldest, one, "2026-01-01T00:00:00Z");
                insertProvider(sql, tied, one, "2026-01-01T00:00:00Z");
                insertProvider(sql, newer, one, "2026-03-01T00:00:00Z");
                insertProvider(sql, onlyOfTwo, two, "2026-02-01T00:00:00Z");

                sql.execute(migration("V2__provider_owner_qualifier_and_token_requirements.sql"));

                Map<UUID, String> qualifiers = new HashMap<>();
                try (ResultSet rs = sql.executeQuery("SELECT id, owner_qualifier, issuer_since = created_at FROM providers")) {
                    while (rs.next()) {
                        qualifiers.put(UUID.fromString(rs.getString(1)), rs.getString(2));
                        assertEquals(true, rs.getBoolean(3), "issuer_since starts at the registration");
                    }
                }
                assertEquals(Map.of(oldest, "", tied, tied + ":", newer, newer + ":", onlyOfTwo, ""), qualifiers);
            } finally {
                sql.execute("SET search_path TO public");
                sql.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void insertProvider(Statement sql, UUID id, UUID project, String createdAt) throws Exception {
        sql.execute("INSERT INTO providers (id, project_id, provider, client_id, audience, jwks_uri, issuer, claim_mapping, "
                + "allowed_algorithms, clock_skew_seconds, created_at) VALUES ('" + id + "', '" + project + "', 'stytch', 'c', 'c', "
                + "'https://idp.test/jwks', 'https://idp.test/" + id + "', '{}', '{RS256}', 60, '" + createdAt + "')");
    }

    /** The migration's text with the placeholder Flyway fills at start-up. */
    private static String migration(String name) throws Exception {
        try (InputStream in = OwnerQualifierMigrationTest.class.getResourceAsStream("/db/migration/" + name)) {
            String app = ConfigProvider.getConfig().getValue("quarkus.flyway.migrations.placeholders.app_role", String.class);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${app_role}", app);
        }
    }
}
