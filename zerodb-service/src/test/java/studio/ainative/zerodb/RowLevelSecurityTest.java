package studio.ainative.zerodb;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.platform.testing.Tenant.as;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/**
 * The guide's Step 6 through the API: two end users and the project's API key, on vectors, tables and
 * files, with RLS off, {@code strict} and {@code owner_write}; and who may change the setting.
 * Every test makes a project of its own.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class RowLevelSecurityTest {

    /** A project with RLS set as given, its API key, and two end users. */
    record Scene(Tenant tenant, String alice, String bob) {
        static Scene of(String name, Map<String, Object> rls) {
            Tenant tenant = Tenant.create(name);
            if (rls != null) {
                tenant.asKey().body(rls).post(BASE + "/projects/" + tenant.projectId() + "/rls").then().statusCode(200);
            }
            return new Scene(tenant, tenant.userToken(Tenant.newUserId("alice")), tenant.userToken(Tenant.newUserId("bob")));
        }
    }

    private static final Map<String, Object> STRICT = Map.of("enabled", true, "user_id_claim", "sub", "policy", "strict");
    private static final Map<String, Object> OWNER_WRITE = Map.of("enabled", true, "user_id_claim", "sub", "policy", "owner_write");

    private static void upsert(String token, String id, double... v) {
        as(token).body(Map.of("vector_id", id, "namespace", "notes", "vector_embedding", v, "document", id))
                .post(BASE + "/vectors/upsert").then().statusCode(200);
    }

    private static List<String> search(String token) {
        return as(token).body(Map.of("query_vector", new double[] {1, 0}, "namespace", "notes", "top_k", 100))
                .post(BASE + "/vectors/search").then().statusCode(200).extract().jsonPath().getList("results.vector_id");
    }

    private static String row(String token, String table, String text) {
        return as(token).body(Map.of("row_data", Map.of("text", text))).post(BASE + "/tables/" + table + "/rows").then().statusCode(201)
                .extract().path("row_id");
    }

    private static List<String> rows(String token, String table) {
        return as(token).body(Map.of()).post(BASE + "/tables/" + table + "/query").then().statusCode(200)
                .extract().jsonPath().getList("rows.row_data.text");
    }

    private static String file(String token, String name) {
        return given().header("Authorization", "Bearer " + token).multiPart("file", name, name.getBytes(), "text/plain")
                .post(BASE + "/files").then().statusCode(201).extract().path("file_id");
    }

    private static List<String> files(String token) {
        return given().header("Authorization", "Bearer " + token).get(BASE + "/files").then().statusCode(200)
                .extract().jsonPath().getList("files.file_name");
    }

    /** A project whose RLS is strict, with owners named by the claim {@code org_user}. */
    private static Tenant strictOnOrgUser(String name) {
        Tenant tenant = Tenant.create(name);
        tenant.asKey().body(Map.of("enabled", true, "user_id_claim", "org_user", "policy", "strict"))
                .post(BASE + "/projects/" + tenant.projectId() + "/rls").then().statusCode(200);
        return tenant;
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    // ---------------------------------------------------------------------------------------------
    // strict
    // ---------------------------------------------------------------------------------------------

    @Test
    void strictVectorsAreFilteredByTheUsersSubClaim() {
        Scene s = Scene.of("rls-strict-vectors", STRICT);
        upsert(s.alice(), "alice-1", 1, 0.1);
        upsert(s.alice(), "alice-2", 1, 0.3);
        upsert(s.bob(), "bob-1", 1, 0.2);
        assertEquals(List.of("alice-1", "alice-2"), search(s.alice()));
        assertEquals(List.of("bob-1"), search(s.bob()));
        assertEquals(List.of("alice-1", "bob-1", "alice-2"), search(s.tenant().apiKey()));
        problem(as(s.bob()).get(BASE + "/vectors/alice-1").then(), 404, "vector_not_found");
        problem(as(s.bob()).delete(BASE + "/vectors/alice-1").then(), 404, "vector_not_found");
        as(s.alice()).get(BASE + "/vectors/alice-1").then().statusCode(200);
        as(s.bob()).get(BASE + "/vectors/stats").then().statusCode(200).body("total_vectors", equalTo(1));
        as(s.bob()).get(BASE + "/vectors?namespace=notes").then().statusCode(200).body("vectors.vector_id", equalTo(List.of("bob-1")));
    }

    @Test
    void equalSubjectsOfTwoProvidersOfOneProjectSeeNothingOfEachOtherUnderStrict() {
        Scene s = Scene.of("rls-strict-two-providers", STRICT);
        String sub = Tenant.newUserId("same");
        String first = s.tenant().userToken(sub);
        String second = s.tenant().withAnotherProvider().userToken(sub);
        upsert(first, "first-provider", 1, 0);
        upsert(second, "second-provider", 1, 0.1);
        assertEquals(List.of("first-provider"), search(first));
        assertEquals(List.of("second-provider"), search(second));
        problem(as(second).get(BASE + "/vectors/first-provider").then(), 404, "vector_not_found");

        s.tenant().asKey().body(Map.of("name", "notes")).post(BASE + "/tables").then().statusCode(201);
        row(first, "notes", "first's");
        row(second, "notes", "second's");
        assertEquals(List.of("first's"), rows(first, "notes"));
        assertEquals(List.of("second's"), rows(second, "notes"));

        file(first, "first.txt");
        file(second, "second.txt");
        assertEquals(List.of("first.txt"), files(first));
        assertEquals(List.of("second.txt"), files(second));
    }

    @Test
    void strictUserCannotOverwriteAnotherUsersVectorById() {
        Scene s = Scene.of("rls-strict-overwrite", STRICT);
        upsert(s.alice(), "shared-id", 1, 0);
        problem(as(s.bob()).body(Map.of("vector_id", "shared-id", "namespace", "notes", "vector_embedding", new double[] {0, 1}))
                .post(BASE + "/vectors/upsert").then(), 409, "vector_id_conflict");
        as(s.alice()).get(BASE + "/vectors/shared-id").then().statusCode(200).body("vector_embedding", equalTo(List.of(1.0f, 0.0f)));
    }

    @Test
    void strictUserBatchTouchingAnotherUsersVectorWritesNothing() {
        Scene s = Scene.of("rls-strict-batch", STRICT);
        upsert(s.alice(), "alice-held", 1, 0);
        problem(as(s.bob()).body(Map.of("vectors", List.of(
                        Map.of("vector_id", "bob-fresh", "namespace", "notes", "vector_embedding", new double[] {0, 1}),
                        Map.of("vector_id", "alice-held", "namespace", "notes", "vector_embedding", new double[] {0, 1}))))
                .post(BASE + "/vectors/upsert-batch").then(), 409, "vector_id_conflict");
        problem(as(s.bob()).get(BASE + "/vectors/bob-fresh").then(), 404, "vector_not_found");
        as(s.alice()).get(BASE + "/vectors/alice-held").then().statusCode(200).body("vector_embedding", equalTo(List.of(1.0f, 0.0f)));
    }

    @Test
    void ownUpsertUnderStrictUpdatesInPlace() {
        Scene s = Scene.of("rls-strict-own", STRICT);
        upsert(s.alice(), "alice-own", 1, 0);
        as(s.alice()).body(Map.of("vector_id", "alice-own", "namespace", "notes", "vector_embedding", new double[] {0, 1}))
                .post(BASE + "/vectors/upsert").then().statusCode(200).body("status", equalTo("updated"));
        as(s.alice()).get(BASE + "/vectors/alice-own").then().statusCode(200).body("vector_embedding", equalTo(List.of(0.0f, 1.0f)));
    }

    @Test
    void strictTableRowsAreFilteredOnReadsAndWrites() {
        Scene s = Scene.of("rls-strict-tables", STRICT);
        s.tenant().asKey().body(Map.of("name", "notes")).post(BASE + "/tables").then().statusCode(201);
        String aliceRow = row(s.alice(), "notes", "alice's");
        row(s.bob(), "notes", "bob's");
        assertEquals(List.of("alice's"), rows(s.alice(), "notes"));
        assertEquals(List.of("bob's"), rows(s.bob(), "notes"));
        assertEquals(List.of("alice's", "bob's"), rows(s.tenant().apiKey(), "notes"));
        problem(as(s.bob()).get(BASE + "/tables/notes/rows/" + aliceRow).then(), 404, "row_not_found");
        problem(as(s.bob()).body(Map.of("row_data", Map.of("text", "hijacked"))).patch(BASE + "/tables/notes/rows/" + aliceRow).then(),
                404, "row_not_found");
        problem(as(s.bob()).delete(BASE + "/tables/notes/rows/" + aliceRow).then(), 404, "row_not_found");
        assertEquals(List.of("alice's"), rows(s.alice(), "notes"));
        // Table definitions are the API key's under RLS.
        problem(as(s.bob()).body(Map.of("name", "bobs_table")).post(BASE + "/tables").then(), 403, "rls_denied");
        problem(as(s.bob()).delete(BASE + "/tables/notes").then(), 403, "rls_denied");
    }

    @Test
    void strictFilesAreOnlyTheUploaders() {
        Scene s = Scene.of("rls-strict-files", STRICT);
        String aliceFile = file(s.alice(), "alice.txt");
        file(s.bob(), "bob.txt");
        assertEquals(List.of("alice.txt"), files(s.alice()));
        assertEquals(List.of("bob.txt"), files(s.bob()));
        given().header("Authorization", "Bearer " + s.tenant().apiKey()).get(BASE + "/files").then().statusCode(200)
                .body("files.file_name", containsInAnyOrder("alice.txt", "bob.txt"));
        problem(given().header("Authorization", "Bearer " + s.bob()).get(BASE + "/files/" + aliceFile).then(), 404, "file_not_found");
        problem(given().header("Authorization", "Bearer " + s.bob()).get(BASE + "/files/" + aliceFile + "/metadata").then(), 404,
                "file_not_found");
        problem(given().header("Authorization", "Bearer " + s.bob()).delete(BASE + "/files/" + aliceFile).then(), 404, "file_not_found");
        assertEquals("alice.txt", given().header("Authorization", "Bearer " + s.alice()).get(BASE + "/files/" + aliceFile).then()
                .statusCode(200).extract().asString());
        given().header("Authorization", "Bearer " + s.tenant().apiKey()).get(BASE + "/files/" + aliceFile).then().statusCode(200);
    }

    @Test
    void apiKeyActsOnEveryRowOfItsProject() {
        Scene s = Scene.of("rls-api-key", STRICT);
        upsert(s.alice(), "alice-v", 1, 0);
        s.tenant().asKey().delete(BASE + "/vectors/alice-v").then().statusCode(204);
        assertEquals(List.of(), search(s.alice()));
    }

    // ---------------------------------------------------------------------------------------------
    // owner_write and RLS off
    // ---------------------------------------------------------------------------------------------

    @Test
    void ownerWriteReadsTheProjectButWritesOnlyOwnRows() {
        Scene s = Scene.of("rls-owner-write", OWNER_WRITE);
        upsert(s.alice(), "alice-v", 1, 0);
        upsert(s.bob(), "bob-v", 1, 1);
        assertEquals(List.of("alice-v", "bob-v"), search(s.bob()));
        problem(as(s.bob()).body(Map.of("vector_id", "alice-v", "namespace", "notes", "vector_embedding", new double[] {0, 1}))
                .post(BASE + "/vectors/upsert").then(), 403, "not_owner");
        problem(as(s.bob()).delete(BASE + "/vectors/alice-v").then(), 403, "not_owner");

        s.tenant().asKey().body(Map.of("name", "notes")).post(BASE + "/tables").then().statusCode(201);
        String aliceRow = row(s.alice(), "notes", "alice's");
        assertEquals(List.of("alice's"), rows(s.bob(), "notes"));
        problem(as(s.bob()).body(Map.of("row_data", Map.of("text", "x"))).patch(BASE + "/tables/notes/rows/" + aliceRow).then(), 403,
                "not_owner");
        problem(as(s.bob()).delete(BASE + "/tables/notes/rows/" + aliceRow).then(), 403, "not_owner");
        as(s.alice()).body(Map.of("row_data", Map.of("text", "edited"))).patch(BASE + "/tables/notes/rows/" + aliceRow).then()
                .statusCode(200);

        String aliceFile = file(s.alice(), "alice.txt");
        given().header("Authorization", "Bearer " + s.bob()).get(BASE + "/files/" + aliceFile).then().statusCode(200);
        problem(given().header("Authorization", "Bearer " + s.bob()).delete(BASE + "/files/" + aliceFile).then(), 403, "not_owner");
    }

    @Test
    void withRlsOffUsersShareTheProjectButRowsRecordWhoWroteThem() {
        Scene s = Scene.of("rls-off", null);
        upsert(s.alice(), "alice-v", 1, 0);
        upsert(s.bob(), "bob-v", 1, 1);
        assertEquals(List.of("alice-v", "bob-v"), search(s.bob()));
        String owner = as(s.bob()).get(BASE + "/vectors/alice-v").then().statusCode(200).extract().path("owner_id");
        // The owner id is the user's id qualified by their identity provider (<provider id>:<sub>).
        assertEquals(true, owner.matches("[0-9a-f-]{36}:user-alice-.+"), owner);
        as(s.bob()).delete(BASE + "/vectors/alice-v").then().statusCode(204);
        as(s.bob()).body(Map.of("name", "shared")).post(BASE + "/tables").then().statusCode(201);
    }

    @Test
    void enablingRlsAppliesAtOnceOnThisReplica() {
        Scene s = Scene.of("rls-switch", null);
        upsert(s.alice(), "alice-v", 1, 0);
        assertEquals(List.of("alice-v"), search(s.bob()));
        s.tenant().asKey().body(STRICT).post(BASE + "/projects/" + s.tenant().projectId() + "/rls").then().statusCode(200);
        assertEquals(List.of(), search(s.bob()));
    }

    @Test
    void userIdClaimNamesTheClaimThatIdentifiesTheOwner() {
        Tenant tenant = strictOnOrgUser("rls-claim");
        // Two sessions (different sub) of the same org user share rows; another org user does not see them.
        String first = tenant.userToken(Tenant.newUserId("s1"), Map.of("org_user", "u-42"));
        String second = tenant.userToken(Tenant.newUserId("s2"), Map.of("org_user", "u-42"));
        String other = tenant.userToken(Tenant.newUserId("s3"), Map.of("org_user", "u-7"));
        upsert(first, "mine", 1, 0);
        assertEquals(List.of("mine"), search(second));
        assertEquals(List.of(), search(other));
        // The claim's value, qualified by the users' identity provider.
        as(second).get(BASE + "/vectors/mine").then().statusCode(200).body("owner_id", matchesPattern("[0-9a-f-]{36}:u-42"));
        problem(as(tenant.userToken(Tenant.newUserId("s4"))).body(Map.of("query_vector", new double[] {1, 0}, "namespace", "notes"))
                .post(BASE + "/vectors/search").then(), 403, "user_id_claim_missing");
    }

    // ---------------------------------------------------------------------------------------------
    // The setting itself
    // ---------------------------------------------------------------------------------------------

    @Test
    void rlsSettingIsReadAndWrittenWithTheApiKey() {
        Tenant tenant = Tenant.create("rls-setting");
        String path = BASE + "/projects/" + tenant.projectId() + "/rls";
        tenant.asKey().get(path).then().statusCode(200).body("enabled", equalTo(false)).body("user_id_claim", equalTo("sub"))
                .body("policy", equalTo("strict"));
        tenant.asKey().body(OWNER_WRITE).post(path).then().statusCode(200).body("enabled", equalTo(true))
                .body("policy", equalTo("owner_write")).body("project_id", equalTo(tenant.projectId().toString()));
        tenant.asKey().get(path).then().statusCode(200).body("policy", equalTo("owner_write"));
        tenant.asKey().body(Map.of("enabled", false)).post(path).then().statusCode(200).body("enabled", equalTo(false))
                .body("user_id_claim", equalTo("sub")).body("policy", equalTo("strict"));
    }

    @Test
    void endUserTokenMayNotReadOrChangeTheSetting() {
        Tenant tenant = Tenant.create("rls-setting-user");
        String path = BASE + "/projects/" + tenant.projectId() + "/rls";
        String user = tenant.userToken(Tenant.newUserId("eve"));
        problem(as(user).body(Map.of("enabled", false)).post(path).then(), 403, "api_key_required");
        problem(as(user).get(path).then(), 403, "api_key_required");
    }

    @Test
    void apiKeyOfAnotherProjectMayNotTouchTheSetting() {
        Tenant tenant = Tenant.create("rls-setting-owner");
        Tenant other = Tenant.create("rls-setting-other");
        String path = BASE + "/projects/" + tenant.projectId() + "/rls";
        problem(other.asKey().body(STRICT).post(path).then(), 403, "project_mismatch");
        problem(other.asKey().get(path).then(), 403, "project_mismatch");
        tenant.asKey().get(path).then().statusCode(200).body("enabled", equalTo(false));
    }

    @Test
    void badSettingBodiesAreRefused() {
        Tenant tenant = Tenant.create("rls-setting-bad");
        String path = BASE + "/projects/" + tenant.projectId() + "/rls";
        problem(tenant.asKey().body(Map.of("enabled", true, "policy", "lenient")).post(path).then(), 400, "invalid_policy");
        problem(tenant.asKey().body(Map.of("policy", "strict")).post(path).then(), 400, "invalid_request");
        problem(tenant.asKey().body(Map.of("enabled", true, "user_id_claim", "")).post(path).then(), 400, "invalid_user_id_claim");
        problem(tenant.asKey().get(BASE + "/projects/not-a-uuid/rls").then(), 400, "invalid_project_id");
    }

    @Test
    void userIdWithAControlCharacterIsRefused() {
        Tenant tenant = strictOnOrgUser("rls-claim-nul");
        String token = tenant.userToken(Tenant.newUserId("nul"), Map.of("org_user", "u-\0-42"));
        problem(as(token).body(Map.of("query_vector", new double[] {1, 0}, "namespace", "notes")).post(BASE + "/vectors/search").then(),
                403, "user_id_claim_missing");
    }

    @Test
    void userIdThatWouldOwnApiKeyRowsIsRefused() {
        Tenant tenant = strictOnOrgUser("rls-claim-api-key");
        tenant.asKey().body(Map.of("vector_id", "key-row", "namespace", "notes", "vector_embedding", new double[] {1, 0}))
                .post(BASE + "/vectors/upsert").then().statusCode(200);
        String keyOwner = tenant.asKey().get(BASE + "/vectors/key-row").then().statusCode(200).extract().path("owner_id");
        String impostor = tenant.userToken(Tenant.newUserId("impostor"), Map.of("org_user", keyOwner));
        problem(as(impostor).get(BASE + "/vectors/key-row").then(), 403, "user_id_reserved");
        problem(as(impostor).delete(BASE + "/vectors/key-row").then(), 403, "user_id_reserved");
        tenant.asKey().get(BASE + "/vectors/key-row").then().statusCode(200);
    }

    @Test
    void endUsersOfAnotherProjectSeeNothingOfThisOne() {
        Scene s = Scene.of("rls-projects-a", null);
        Scene t = Scene.of("rls-projects-b", null);
        upsert(s.alice(), "a-v", 1, 0);
        upsert(t.alice(), "b-v", 1, 0);
        assertEquals(List.of("a-v"), search(s.bob()));
        assertEquals(List.of("b-v"), search(t.tenant().apiKey()));
        problem(as(t.bob()).get(BASE + "/vectors/a-v").then(), 404, "vector_not_found");
        as(t.bob()).get(BASE + "/files").then().statusCode(200).body("files", hasSize(0));
    }
}
