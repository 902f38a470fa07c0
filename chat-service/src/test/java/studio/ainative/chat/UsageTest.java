package studio.ainative.chat;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;
import static studio.ainative.chat.fixtures.Api.ask;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.testing.IdentityServiceResource;

/** Usage records under RLS: each end user sees only their own, an API key the whole project, with totals. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class UsageTest {

    private static Tenant tenant;
    private static boolean trafficSent;
    private static final String ALICE = Tenant.newUserId("alice");
    private static final String BOB = Tenant.newUserId("bob");

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-usage");
    }

    /** Once per class, in the first test's set-up: RestAssured knows the application's port from then on. */
    @BeforeEach
    void traffic() {
        if (trafficSent) {
            return;
        }
        trafficSent = true;
        ChatStackResource.primary().reset();
        for (int i = 0; i < 3; i++) {
            tenant.asUser(ALICE).body(ask("test-model", "alice " + i)).post(COMPLETIONS).then().statusCode(200);
        }
        tenant.asUser(ALICE).body("{\"model\":\"solo-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"streamed\"}]}")
                .post(COMPLETIONS).then().statusCode(200);
        tenant.asUser(BOB).body(ask("test-model", "bob")).post(COMPLETIONS).then().statusCode(200);
        tenant.asKey().body(ask("test-model", "server side")).post(COMPLETIONS).then().statusCode(200);
    }

    /** Records are written just after each answer: poll until they are all there. */
    private static ValidatableResponse eventually(Supplier<ValidatableResponse> call, int requests) {
        ValidatableResponse last = null;
        for (int i = 0; i < 50; i++) {
            last = call.get();
            if (last.extract().path("totals.requests").equals(requests)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return last;
    }

    @Test
    void anEndUserSeesOnlyTheirOwnUsage() {
        eventually(() -> tenant.asUser(ALICE).get("/api/v1/chat/usage").then().statusCode(200), 4)
                .body("scope", equalTo("user"))
                .body("group_by", equalTo("model"))
                .body("totals.requests", equalTo(4))
                .body("data", hasSize(2))
                .body("data.find { it.model == 'test-model' }.requests", equalTo(3))
                .body("data.find { it.model == 'solo-model' }.requests", equalTo(1))
                .body("data.find { it.model == 'solo-model' }.completion_tokens", equalTo(3));
        eventually(() -> tenant.asUser(BOB).get("/api/v1/chat/usage").then().statusCode(200), 1)
                .body("totals.requests", equalTo(1));
        tenant.asUser(Tenant.newUserId("nobody")).get("/api/v1/chat/usage").then().statusCode(200)
                .body("totals.requests", equalTo(0)).body("data", hasSize(0));
    }

    @Test
    void anApiKeySeesTheWholeProjectByDay() {
        eventually(() -> tenant.asKey().get("/api/v1/chat/usage?group_by=day").then().statusCode(200), 6)
                .body("scope", equalTo("project"))
                .body("data", hasSize(1))
                .body("data[0].day", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("data[0].requests", equalTo(6));
        // Another project's key sees none of it.
        Tenant.create("chat-usage-other").asKey().get("/api/v1/chat/usage").then().statusCode(200).body("totals.requests", equalTo(0));
    }

    @Test
    void badRangesAre400() {
        tenant.asKey().get("/api/v1/chat/usage?from=yesterday").then().statusCode(400)
                .body("error.param", equalTo("from")).body("error.code", equalTo("invalid_value"));
        tenant.asKey().get("/api/v1/chat/usage?from=2026-02-01&to=2026-01-01").then().statusCode(400)
                .body("error.code", equalTo("invalid_range"));
        tenant.asKey().get("/api/v1/chat/usage?from=2020-01-01&to=2026-01-01").then().statusCode(400)
                .body("error.code", equalTo("invalid_range"));
        tenant.asKey().get("/api/v1/chat/usage?group_by=week").then().statusCode(400)
                .body("error.param", equalTo("group_by"));
    }
}
