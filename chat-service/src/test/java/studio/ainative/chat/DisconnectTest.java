package studio.ainative.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
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
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + tenant.apiKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int events = 0;
            long firstEventAt = 0;
            long started = System.nanoTime();
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events++;
                    if (events == 1) {
                        firstEventAt = System.nanoTime() - started;
                    }
                    if (events == 3) {
                        break;
                    }
                }
            }
            assertEquals(3, events);
            // Relayed as produced: the first event came long before the whole (slow) answer could have.
            assertTrue(firstEventAt < 12 * 300_000_000L, "first event after " + firstEventAt / 1_000_000 + " ms");
        }
        for (int i = 0; i < 50 && ChatStackResource.primary().cancelledStreams.get() == 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(1, ChatStackResource.primary().cancelledStreams.get(), "the upstream request was cancelled");
    }
}
