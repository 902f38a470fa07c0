package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestIdp;

/** Provider registration, API keys and the audit trail, through the public API. */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class ProviderApiTest {

    private Platform.Project project;

    @BeforeEach
    void newProject() {
        project = Platform.newProject();
    }

    // --- registration ----------------------------------------------------------------------------

    @Test
    void registersTheGuidesBodyAndReportsTheKeysFound() {
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration(null)).then().statusCode(201)
                .body("provider", equalTo("stytch"))
                .body("issuer", equalTo(idp.issuer))
                .body("audience", equalTo(idp.clientId))
                .body("claim_mapping.user_id", equalTo("sub"))
                .body("claim_mapping.email", equalTo("emails"))
                .body("clock_skew_seconds", equalTo(60))
                .body("has_api_secret", is(false))
                .body("jwks.usable_keys", equalTo(1))
                .body("jwks.kids", hasItem(idp.signingKey.getKeyId()));
    }

    @Test
    void neverReturnsTheApiSecretAndStoresItEncrypted() throws Exception {
        TestIdp idp = TestIdp.create();
        String secret = "secret-test-" + UUID.randomUUID();
        Response r = Platform.register(project, idp.registration("\"api_secret\":\"" + secret + "\""));
        r.then().statusCode(201).body("has_api_secret", is(true));
        assertFalse(r.asString().contains(secret));
        String id = r.path("id");
        String listed = authorized().get("/api/v1/auth/providers").asString();
        assertFalse(listed.contains(secret));
        assertFalse(authorized().get("/api/v1/auth/providers/" + id).asString().contains(secret));

        try (Connection db = ownerConnection();
             PreparedStatement q = db.prepareStatement("SELECT api_secret_enc FROM providers WHERE id = ?::uuid")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                byte[] stored = rs.getBytes(1);
                assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret),
                        "the secret must not be stored in clear");
            }
        }
        String audit = auditDetails(project.id());
        assertFalse(audit.contains(secret), "the audit log must not contain the secret");
    }

    @Test
    void refusesASecondProviderWithTheSameIssuerInTheProject() {
        TestIdp idp = TestIdp.create();
        Platform.registerOk(project, idp);
        Platform.register(project, idp.registration(null)).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("provider_exists"));
    }

    @Test
    void aLaterProjectRegisteringTheSameIssuerIsToldAndAudited() throws Exception {
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration(null)).then().statusCode(201)
                .body("issuer_shared", is(false)).body("warnings", nullValue());
        Platform.Project other = Platform.newProject();
        Response later = Platform.register(other, idp.registration(null));
        later.then().statusCode(201)
                .body("issuer_shared", is(true)).body("warnings", hasSize(1)).body("warnings[0]", containsString("X-Project-ID"));
        assertTrue(auditActions(other.id()).contains("provider.issuer_shared"), "the registering project's audit log");
        assertTrue(auditActions(project.id()).contains("provider.issuer_shared"), "the earlier project's audit log");
        assertFalse(auditDetails(other.id()).contains(project.id()), "no other tenant's id in the registering project's log");
    }

    @Test
    void theOldestRegistrationOfAnIssuerKeepsItsTokensWithoutXProjectId() {
        TestIdp idp = TestIdp.create();
        Platform.registerOk(project, idp);
        Platform.Project squatter = Platform.newProject();
        Platform.registerOk(squatter, idp);

        String token = idp.token();
        Platform.verify(token).then().statusCode(200).body("valid", is(true)).body("project_id", equalTo(project.id()));
        Platform.verify(token, project.id()).then().statusCode(200).body("project_id", equalTo(project.id()));
        Platform.verify(token, squatter.id()).then().statusCode(200).body("project_id", equalTo(squatter.id()));
        Platform.verify(token, "not-a-uuid").then().statusCode(400).body("error", equalTo("invalid_project_id"));
    }

    @Test
    void introspectionWithoutAProjectAnswersForTheOldestRegistrationOfAnIssuer() {
        TestIdp idp = TestIdp.create();
        String first = Platform.registerOk(project, idp);
        Platform.Project later = Platform.newProject();
        String second = Platform.registerOk(later, idp);

        String token = idp.token();
        Platform.introspect(token).then().statusCode(200).body("active", is(true))
                .body("project_id", equalTo(project.id())).body("provider_id", equalTo(first));
        Platform.introspect(token, later.id()).then().statusCode(200).body("active", is(true))
                .body("project_id", equalTo(later.id())).body("provider_id", equalTo(second));
    }

    @Test
    void anOlderProviderChangingItsIssuerToATakenOneDoesNotTakeIt() {
        // The squatter's provider is registered first, with an issuer of its own...
        Platform.Project squatter = Platform.newProject();
        String squatterProvider = Platform.registerOk(squatter, TestIdp.create());
        // ...then the victim registers its issuer, and the squatter moves its old provider onto it.
        TestIdp victim = TestIdp.create();
        Platform.registerOk(project, victim);
        given().header("Authorization", "Bearer " + squatter.apiKey()).contentType(ContentType.JSON)
                .body("{\"issuer\":\"" + victim.issuer + "\",\"jwks_uri\":\"" + victim.jwksUri() + "\",\"client_id\":\""
                        + victim.clientId + "\"}")
                .patch("/api/v1/auth/providers/" + squatterProvider)
                .then().statusCode(200).body("issuer_shared", is(true));

        Platform.verify(victim.token()).then().statusCode(200).body("project_id", equalTo(project.id()));
        Platform.introspect(victim.token()).then().statusCode(200).body("project_id", equalTo(project.id()));
    }

    @Test
    void aSquattersOwnKeysNeverVerifyTokensForTheOlderRegistration() {
        TestIdp owner = TestIdp.create();
        Platform.registerOk(project, owner);
        // Same issuer and client id (both public), but the squatter's own JWKS.
        TestIdp squatterKeys = TestIdp.create();
        Platform.Project squatter = Platform.newProject();
        String body = owner.registration(null).replace(owner.jwksUri(), squatterKeys.jwksUri());
        Platform.register(squatter, body).then().statusCode(201).body("issuer_shared", is(true));

        String forged = TestIdp.sign(owner.claims("a@example.com"), squatterKeys.signingKey, "RS256", java.util.Map.of());
        Platform.verify(forged).then().statusCode(401).body("valid", is(false));
        Platform.verify(owner.token()).then().statusCode(200).body("project_id", equalTo(project.id()));
    }

    @Test
    void requiresTheGuidesMembers() {
        for (String missing : List.of("provider", "client_id", "issuer")) {
            TestIdp idp = TestIdp.create();
            String body = idp.registration(null).replaceFirst("\"" + missing + "\":\"[^\"]*\",?", "");
            Platform.register(project, body).then().statusCode(400)
                    .body("code", equalTo("invalid_provider")).body("detail", containsString(missing));
        }
    }

    @Test
    void requiresTheJwksUriOfAProviderOtherThanStytch() {
        // A stytch provider's jwks_uri may be left out: StytchProviderUrlsTest.
        TestIdp idp = TestIdp.create();
        String body = idp.registration(null).replace("\"provider\":\"stytch\"", "\"provider\":\"auth0\"")
                .replace("\"jwks_uri\":\"" + idp.jwksUri() + "\",", "");
        Platform.register(project, body).then().statusCode(400)
                .body("code", equalTo("invalid_provider")).body("detail", containsString("jwks_uri"));
    }

    @Test
    void refusesSymmetricAndUnknownAlgorithms() {
        TestIdp idp = TestIdp.create();
        for (String alg : List.of("HS256", "none", "RSA-OAEP")) {
            Platform.register(project, idp.registration("\"allowed_algorithms\":[\"" + alg + "\"]")).then().statusCode(400)
                    .body("code", equalTo("invalid_provider"));
        }
    }

    @Test
    void refusesClockSkewOutOfBounds() {
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration("\"clock_skew_seconds\":301")).then().statusCode(400);
        Platform.register(project, idp.registration("\"clock_skew_seconds\":-1")).then().statusCode(400);
    }

    @Test
    void refusesUnknownMembersAndMalformedJson() {
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration("\"surprise\":true")).then().statusCode(400)
                .body("code", equalTo("invalid_request"));
        Platform.register(project, "{\"provider\":").then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void refusesJwksThatIsUnreachableOrHasNoUsableKey() {
        TestIdp idp = TestIdp.create();
        IdpServer.get().answer(idp.jwksPath, IdpServer.Answer.of(500, "text/plain", "down"));
        Platform.register(project, idp.registration(null)).then().statusCode(400)
                .body("code", equalTo("jwks_unusable")).body("detail", containsString("HTTP 500"));

        IdpServer.get().answer(idp.jwksPath, IdpServer.Answer.json("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"s\"}]}"));
        Platform.register(project, idp.registration(null)).then().statusCode(400)
                .body("code", equalTo("jwks_unusable")).body("detail", containsString("no usable key"));

        Platform.register(project, idp.registration(null).replace(idp.jwksUri(), IdpServer.get().url("/nothing-here")))
                .then().statusCode(400).body("code", equalTo("jwks_unusable"));
    }

    // --- 25. SSRF --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "http://169.254.169.254/latest/meta-data/jwks",
        "http://127.0.0.1:1/jwks",
        "http://[::1]:8443/jwks",
        "http://10.0.0.1/jwks",
        "http://2130706433:8443/jwks",
        "http://localhost:1/jwks",
        "http://0.0.0.0:8080/jwks",
        "http://[::ffff:127.0.0.1]:8080/jwks"})
    void refusesJwksUriThatTargetsAnInternalAddress(String jwksUri) {
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration(null).replace(idp.jwksUri(), jwksUri)).then().statusCode(400)
                .body("code", equalTo("jwks_unusable"))
                .body("detail", containsString("refused"));
    }

    @Test
    void refusesJwksUriWithCredentials() {
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration(null).replace("http://", "http://user:pass@")).then().statusCode(400);
    }

    // --- read, update, delete --------------------------------------------------------------------

    @Test
    void listsAndReadsOnlyTheCallersProviders() {
        TestIdp mine = TestIdp.create();
        String id = Platform.registerOk(project, mine);
        Platform.Project other = Platform.newProject();
        Platform.registerOk(other, TestIdp.create());

        authorized().get("/api/v1/auth/providers").then().statusCode(200)
                .body("providers", hasSize(1)).body("providers[0].id", equalTo(id));
        authorized().get("/api/v1/auth/providers/" + id).then().statusCode(200).body("issuer", equalTo(mine.issuer));
        given().header("Authorization", "Bearer " + other.apiKey()).get("/api/v1/auth/providers/" + id)
                .then().statusCode(404).body("code", equalTo("not_found"));
        authorized().get("/api/v1/auth/providers/not-a-uuid").then().statusCode(404);
    }

    @Test
    void patchChangesOnlyTheGivenMembersAndRevalidatesAJwksChange() {
        TestIdp idp = TestIdp.create();
        String id = Platform.registerOk(project, idp);
        authorized().contentType(ContentType.JSON).body("{\"clock_skew_seconds\":30,\"audience\":\"aud-x\"}")
                .patch("/api/v1/auth/providers/" + id).then().statusCode(200)
                .body("clock_skew_seconds", equalTo(30)).body("audience", equalTo("aud-x"))
                .body("issuer", equalTo(idp.issuer));
        authorized().contentType(ContentType.JSON).body("{\"jwks_uri\":\"http://169.254.169.254/jwks\"}")
                .patch("/api/v1/auth/providers/" + id).then().statusCode(400).body("code", equalTo("jwks_unusable"));
        authorized().get("/api/v1/auth/providers/" + id).then().body("jwks_uri", equalTo(idp.jwksUri()));
    }

    @Test
    void patchOfAudienceTakesEffectForVerificationAtOnce() {
        TestIdp idp = TestIdp.create();
        String id = Platform.registerOk(project, idp);
        String token = idp.token();
        Platform.verify(token).then().statusCode(200);
        authorized().contentType(ContentType.JSON).body("{\"audience\":\"someone-else\"}")
                .patch("/api/v1/auth/providers/" + id).then().statusCode(200);
        Platform.verify(token).then().statusCode(401);
    }

    @Test
    void deleteRemovesTheProviderAndIsAudited() throws Exception {
        String id = Platform.registerOk(project, TestIdp.create());
        authorized().delete("/api/v1/auth/providers/" + id).then().statusCode(204);
        authorized().get("/api/v1/auth/providers/" + id).then().statusCode(404);
        authorized().delete("/api/v1/auth/providers/" + id).then().statusCode(404);
        List<String> actions = auditActions(project.id());
        assertTrue(actions.containsAll(List.of("project.created", "api_key.created", "provider.created", "provider.deleted")),
                actions.toString());
    }

    // --- authentication of management calls ------------------------------------------------------

    @Test
    void managementNeedsAProjectApiKey() {
        given().get("/api/v1/auth/providers").then().statusCode(401).body("code", equalTo("missing_credentials"));
        given().header("Authorization", "Bearer ak_" + "x".repeat(43)).get("/api/v1/auth/providers")
                .then().statusCode(401).body("code", equalTo("invalid_api_key"));
        given().header("Authorization", "Bearer " + TestIdp.create().token()).get("/api/v1/auth/providers")
                .then().statusCode(403).body("code", equalTo("api_key_required"));
        given().header("X-API-Key", project.apiKey()).get("/api/v1/auth/providers").then().statusCode(200);
        given().header("Authorization", "bearer " + project.apiKey()).get("/api/v1/auth/providers").then().statusCode(200);
    }

    @Test
    void refusesAnApiKeyPresentedForAnotherProject() {
        authorized().header("X-Project-ID", UUID.randomUUID().toString()).get("/api/v1/auth/providers")
                .then().statusCode(403).body("code", equalTo("project_mismatch"));
    }

    @Test
    void adminBootstrapNeedsTheAdminToken() {
        given().contentType(ContentType.JSON).body("{\"name\":\"x\"}").post("/internal/v1/admin/projects")
                .then().statusCode(401).body("code", equalTo("invalid_admin_token"));
        given().contentType(ContentType.JSON).header("X-Admin-Token", "wrong").body("{\"name\":\"x\"}")
                .post("/internal/v1/admin/projects").then().statusCode(401);
    }

    @Test
    void apiKeysAreShownOnceListedWithoutSecretAndRevocable() throws Exception {
        Response created = authorized().contentType(ContentType.JSON).body("{\"name\":\"ci\"}").post("/api/v1/auth/api-keys");
        created.then().statusCode(201).body("key", startsWith("ak_")).body("prefix", startsWith("ak_"));
        String key = created.path("key");
        String id = created.path("id");

        String listing = authorized().get("/api/v1/auth/api-keys").then().statusCode(200)
                .body("api_keys", hasSize(2)).body("api_keys.key", everyItemNull()).extract().asString();
        assertFalse(listing.contains(key));
        assertEquals(0, countRowsContaining("api_keys", key), "the key itself is never stored");

        given().header("Authorization", "Bearer " + key).get("/api/v1/auth/providers").then().statusCode(200);
        authorized().delete("/api/v1/auth/api-keys/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).get("/api/v1/auth/providers").then().statusCode(401);
        assertTrue(auditActions(project.id()).contains("api_key.revoked"));
    }

    @Test
    void cannotRevokeAnotherProjectsKey() {
        Platform.Project other = Platform.newProject();
        String otherKeyId = given().header("Authorization", "Bearer " + other.apiKey()).get("/api/v1/auth/api-keys")
                .path("api_keys[0].id");
        authorized().delete("/api/v1/auth/api-keys/" + otherKeyId).then().statusCode(404);
        given().header("Authorization", "Bearer " + other.apiKey()).get("/api/v1/auth/providers").then().statusCode(200);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private io.restassured.specification.RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + project.apiKey());
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemNull() {
        return org.hamcrest.Matchers.everyItem(nullValue());
    }

    private static Connection ownerConnection() throws Exception {
        return DriverManager.getConnection(ConfigProvider.getConfig().getValue("quarkus.datasource.migrations.jdbc.url", String.class),
                "identity_owner", "identity_owner_local");
    }

    private static List<String> auditActions(String projectId) throws Exception {
        List<String> actions = new ArrayList<>();
        try (Connection db = ownerConnection();
             PreparedStatement q = db.prepareStatement("SELECT action FROM audit_log WHERE project_id = ?::uuid ORDER BY id")) {
            q.setString(1, projectId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }

    private static String auditDetails(String projectId) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection db = ownerConnection();
             PreparedStatement q = db.prepareStatement("SELECT details::text FROM audit_log WHERE project_id = ?::uuid")) {
            q.setString(1, projectId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    all.append(rs.getString(1));
                }
            }
        }
        return all.toString();
    }

    private static int countRowsContaining(String table, String text) throws Exception {
        try (Connection db = ownerConnection();
             PreparedStatement q = db.prepareStatement("SELECT count(*) FROM " + table + " t WHERE t::text LIKE ?")) {
            q.setString(1, "%" + text.substring(3) + "%");
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

}
