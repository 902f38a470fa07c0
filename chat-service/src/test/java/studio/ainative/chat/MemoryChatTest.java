package studio.ainative.chat;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.testing.IdentityServiceResource;

/**
 * Memory-augmented chat against a real memory-service: recalled memories become the first system message and
 * are listed in {@code memory.used}; {@code remember} stores the user's message; with memory-service down the
 * completion still answers, saying so in a header.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class MemoryChatTest {

    private static final String MEMORY = "/api/v1/public/memory/v2";
    private static Tenant tenant;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-memory");
    }

    @BeforeEach
    void upstreams() {
        ChatStackResource.primary().reset();
        CircuitBreakerMaintenance.get().resetAll();
    }

    private static String remember(String user, String content) {
        return Tenant.as(tenant.userToken(user)).baseUri(ChatStackResource.memory().url()).port(ChatStackResource.memory().port())
                .body(new JsonObject().put("content", content).put("entity_name", "prefs").encode())
                .post(MEMORY + "/remember").then().statusCode(201).extract().path("memory_id");
    }

    @Test
    void recalledMemoriesArePrependedAndListed() {
        String user = Tenant.newUserId("recall");
        String id = remember(user, "The user's favourite colour is green.");
        String body = "{\"model\":\"test-model\",\"memory\":{\"entity_name\":\"prefs\",\"limit\":3},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What colour do I like?\"}]}";
        tenant.asUser(user).header("X-Request-ID", "chat-recall-1").body(body).post(COMPLETIONS).then().statusCode(200)
                .header("x-ainative-memory", "used")
                .body("memory.used", contains(id))
                .body("choices[0].message.content", equalTo("You said: What colour do I like?"));
        // memory-service's access log line of the recall (prod profile: JSON) has the completion's request id and the user
        JsonObject recall = accessLogLine("/recall", "chat-recall-1");
        assertEquals(user, recall.getJsonObject("mdc").getString("principal"), recall.encode());
        JsonObject sent = ChatStackResource.primary().requests.getLast();
        JsonObject system = sent.getJsonArray("messages").getJsonObject(0);
        assertEquals("system", system.getString("role"));
        assertTrue(system.getString("content").contains("favourite colour is green"), system.getString("content"));
        assertEquals(2, sent.getJsonArray("messages").size());
    }

    @Test
    void anotherUsersMemoriesAreNeverUsed() {
        String owner = Tenant.newUserId("owner");
        remember(owner, "The owner's secret word is pineapple.");
        String body = "{\"model\":\"test-model\",\"memory\":{\"entity_name\":\"prefs\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is my secret word?\"}]}";
        tenant.asUser(Tenant.newUserId("stranger")).body(body).post(COMPLETIONS).then().statusCode(200)
                .header("x-ainative-memory", "none").body("memory.used", hasSize(0));
        assertEquals(1, ChatStackResource.primary().requests.getLast().getJsonArray("messages").size());
    }

    @Test
    void rememberStoresTheUsersMessage() {
        String user = Tenant.newUserId("remember");
        String body = "{\"model\":\"test-model\",\"memory\":{\"entity_name\":\"prefs\",\"remember\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"I live in Lisbon.\"}]}";
        tenant.asUser(user).header("X-Request-ID", "chat-remember-1").body(body).post(COMPLETIONS).then().statusCode(200);
        List<String> contents = List.of();
        for (int i = 0; i < 50 && contents.isEmpty(); i++) {
            contents = Tenant.as(tenant.userToken(user)).baseUri(ChatStackResource.memory().url()).port(ChatStackResource.memory().port())
                    .get(MEMORY + "/memories?entity_name=prefs").then().statusCode(200).extract().path("memories.content");
            if (contents.isEmpty()) {
                sleep();
            }
        }
        assertEquals(List.of("I live in Lisbon."), contents);
        assertEquals(user, accessLogLine("/remember", "chat-remember-1").getJsonObject("mdc").getString("principal"));
    }

    @Test
    void withMemoryServiceDownTheChatAnswersWithoutMemories() {
        ChatStackResource.memory().stop();
        try {
            String body = "{\"model\":\"test-model\",\"stream\":true,\"memory\":{\"entity_name\":\"prefs\"},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Anything?\"}]}";
            String stream = tenant.asUser(Tenant.newUserId("down")).body(body).post(COMPLETIONS).then().statusCode(200)
                    .header("x-ainative-memory", "unavailable").extract().asString();
            List<String> events = CompletionTest.events(stream);
            assertEquals("[DONE]", events.get(events.size() - 1));
            assertTrue(new JsonObject(events.get(0)).getJsonObject("memory").getJsonArray("used").isEmpty());
        } finally {
            ChatStackResource.memory().start();
        }
    }

    /** The JSON line of memory-service's access log (ChatStackResource turns it on) for {@code path} and {@code requestId}. */
    private static JsonObject accessLogLine(String path, String requestId) {
        for (int i = 0; i < 50; i++) {
            for (String line : ChatStackResource.memory().logTail().split("\n")) {
                if (line.startsWith("{") && line.contains(path) && line.contains("\"requestId\":\"" + requestId + "\"")) {
                    return new JsonObject(line);
                }
            }
            sleep();
        }
        throw new AssertionError("no access log line for " + path + " with request id " + requestId + " in:\n" + ChatStackResource.memory().logTail());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
