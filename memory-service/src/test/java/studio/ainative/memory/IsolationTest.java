package studio.ainative.memory;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.memory.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** Two end users of one project (and the project's API key) cannot see, recall, update or forget each other's memories. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class IsolationTest {

    private static final String SECRET = "Alice keeps the spare key under the blue flowerpot";

    private static Tenant tenant;
    private String alice;
    private String bob;
    private String aliceMemory;

    @BeforeAll
    static void project() {
        tenant = Tenant.create("isolation");
    }

    @BeforeEach
    void aliceRemembers() {
        alice = Tenant.newUserId("alice");
        bob = Tenant.newUserId("bob");
        aliceMemory = tenant.asUser(alice).body(Map.of("content", SECRET, "entity_name", "home"))
                .post(BASE + "/remember").then().statusCode(201).extract().path("memory_id");
    }

    private void aliceStillHasIt() {
        tenant.asUser(alice).get(BASE + "/memories/" + aliceMemory).then().statusCode(200).body("content", equalTo(SECRET));
    }

    @Test
    void anotherUserCannotReadIt() {
        tenant.asUser(bob).get(BASE + "/memories/" + aliceMemory).then().statusCode(404).body("code", equalTo("memory_not_found"));
    }

    @Test
    void anotherUserCannotRecallIt() {
        assertEquals(0, tenant.asUser(bob).body(Map.of("query", "where is the spare key?")).post(BASE + "/recall")
                .then().statusCode(200).extract().jsonPath().getInt("count"));
        assertEquals(aliceMemory, tenant.asUser(alice).body(Map.of("query", "where is the spare key?")).post(BASE + "/recall")
                .then().statusCode(200).extract().path("results[0].memory_id"));
    }

    @Test
    void anotherUserCannotListOrProfileIt() {
        tenant.asUser(bob).get(BASE + "/memories").then().statusCode(200).body("memories", equalTo(List.of()));
        tenant.asUser(bob).get(BASE + "/profile").then().statusCode(200).body("total_memories", equalTo(0));
    }

    @Test
    void anotherUserCannotUpdateIt() {
        tenant.asUser(bob).body(Map.of("importance", 0.1)).patch(BASE + "/memories/" + aliceMemory).then().statusCode(404);
        tenant.asUser(bob).body(Map.of("content", "overwritten")).patch(BASE + "/memories/" + aliceMemory).then().statusCode(404);
        tenant.asUser(alice).get(BASE + "/memories/" + aliceMemory).then().statusCode(200).body("importance", equalTo(0.5f));
        aliceStillHasIt();
    }

    @Test
    void anotherUserCannotDeleteOrForgetIt() {
        tenant.asUser(bob).delete(BASE + "/memories/" + aliceMemory).then().statusCode(404);
        tenant.asUser(bob).body(Map.of()).post(BASE + "/forget").then().statusCode(200).body("deleted", equalTo(0));
        tenant.asUser(bob).body(Map.of("entity_name", "home")).post(BASE + "/forget").then().statusCode(200).body("deleted", equalTo(0));
        aliceStillHasIt();
    }

    @Test
    void rememberingTheSameContentAsAnotherUserDoesNotTouchTheirs() {
        tenant.asUser(bob).body(Map.of("content", SECRET, "entity_name", "home")).post(BASE + "/remember").then().statusCode(201);
        tenant.asUser(alice).get(BASE + "/memories/" + aliceMemory).then().statusCode(200).body("access_count", equalTo(0));
    }

    @Test
    void theApiKeySeesAUsersMemoriesOnlyByNamingThatUser() {
        tenant.asKey().get(BASE + "/memories/" + aliceMemory).then().statusCode(404);
        tenant.asKey().queryParam("user_id", "someone-else").get(BASE + "/memories/" + aliceMemory).then().statusCode(404);
        assertEquals(0, tenant.asKey().body(Map.of("query", "spare key")).post(BASE + "/recall")
                .then().statusCode(200).extract().jsonPath().getInt("count"));
        tenant.asKey().body(Map.of()).post(BASE + "/forget").then().statusCode(200);
        aliceStillHasIt();
    }

    @Test
    void theSameUserIdInAnotherProjectIsAnotherOwner() {
        Tenant other = Tenant.create("isolation-other");
        other.asUser(alice).get(BASE + "/memories/" + aliceMemory).then().statusCode(404);
        assertEquals(0, other.asUser(alice).body(Map.of("query", "spare key")).post(BASE + "/recall")
                .then().statusCode(200).extract().jsonPath().getInt("count"));
    }
}
