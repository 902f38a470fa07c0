package studio.ainative.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.chat.fixtures.StreamingClient;
import studio.ainative.platform.testing.IdentityServiceResource;

/** A client that goes away mid-stream cancels the upstream request; chunks reach the client as they come. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class DisconnectTest {

    @TestHTTPResource("/")
    URL base;

    private static Tenant tenant;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-disconnect");
    }

    @Test
    void closingTheStreamCancelsTheUpstream() throws Exception {
        ChatStackResource.primary().reset();
        ChatStackResource.primary().slowChunks(300);
        String body = "{\"model\":\"solo-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "one two three four five six seven eight nine ten eleven twelve\"}]}";
        long[] arrivals = StreamingClient.readEventsThenClose(tenant.apiKey(), body, 3, base.getPort());
        // Relayed as produced: the first event came long before the whole (slow) answer could have.
        assertTrue(arrivals[0] < 12 * 300, "first event after " + arrivals[0] + " ms");
        for (int i = 0; i < 50 && ChatStackResource.primary().cancelledStreams.get() == 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(1, ChatStackResource.primary().cancelledStreams.get(), "the upstream request was cancelled");
    }
}
