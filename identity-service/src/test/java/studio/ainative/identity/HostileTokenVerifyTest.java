package studio.ainative.identity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.verification.RejectionReason;

/**
 * TOKEN-ATTACKS.md through {@code GET /api/v1/auth/verify}: the token in {@code Authorization: Bearer},
 * the project in {@code X-Project-ID}; a refusal is 401 {@code invalid_token} with its challenge and
 * {@code error_description}. Plus the rows about the header itself (14: its size, 28: the scheme's case).
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class HostileTokenVerifyTest extends HostileTokenTest {

    @Override
    protected Response present(String token) {
        return Platform.verify(token);
    }

    @Override
    protected Response presentForProject(String token, String projectId) {
        return Platform.verify(token, projectId);
    }

    @Override
    protected void assertAccepted(Response r) {
        r.then().statusCode(200).body("valid", is(true)).body("project_id", equalTo(project.id()));
    }

    @Override
    protected void assertRejected(Response r) {
        r.then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer error=\"invalid_token\""))
                .body("valid", is(false))
                .body("error", equalTo("invalid_token"));
    }

    @Override
    protected void assertRejected(Response r, RejectionReason why) {
        assertRejected(r);
        r.then().body("error_description", equalTo(why.description()))
                .header("WWW-Authenticate", containsString("error_description=\"" + why.description() + "\""));
    }

    /** Keys unavailable is a 503 here (no verdict on the token), an unknown kid after a refetch a 401. */
    @Override
    protected void assertUnknownKidRefused(Response r) {
        if (r.statusCode() == 503) {
            r.then().header("Retry-After", notNullValue()).body("valid", is(false)).body("error", equalTo("temporarily_unavailable"));
        } else {
            assertRejected(r);
        }
    }

    @Override
    protected void assertNotTakenForProject(Response r, Platform.Project namedProject) {
        r.then().statusCode(403).body("valid", is(false)).body("error", equalTo("project_mismatch"));
    }

    // --- 14. size of the Authorization header ----------------------------------------------------

    @Test
    void refusesSixtyFourKibibyteAuthorizationHeader() throws IOException {
        int status = statusForAuthorizationHeaderOf(64 * 1024);
        assertTrue(status == 431 || status == 401 || status == CLOSED_UNANSWERED, "expected 431 or 401, got " + status);
    }

    @Test
    void refusesOneMebibyteAuthorizationHeader() throws IOException {
        int status = statusForAuthorizationHeaderOf(1024 * 1024);
        assertTrue(status == 431 || status == 401 || status == CLOSED_UNANSWERED, "expected 431 or 401, got " + status);
    }

    private static final int CLOSED_UNANSWERED = 0;

    /**
     * The verify request with a bearer token of {@code size} characters, over a raw socket: the server
     * may answer 431 and close while the client is still writing, which HTTP clients report as a
     * broken pipe instead of the answer. Returns the status, or {@link #CLOSED_UNANSWERED} when the
     * server closed the connection without a status line.
     */
    private static int statusForAuthorizationHeaderOf(int size) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write("GET /api/v1/auth/verify HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ".getBytes(StandardCharsets.US_ASCII));
                out.write("a".repeat(size).getBytes(StandardCharsets.US_ASCII));
                out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedWhileWriting) {
                // the server stopped reading; its answer, if it sent one, is still read below
            }
            try {
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                return statusLine == null ? CLOSED_UNANSWERED : Integer.parseInt(statusLine.split(" ")[1]);
            } catch (SocketException reset) {
                return CLOSED_UNANSWERED;
            }
        }
    }

    // --- 28. scheme case -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "BEARER", "BeArEr"})
    void acceptsBearerSchemeInAnyCase(String scheme) {
        assertAccepted(RestAssured.given().header("Authorization", scheme + " " + idp.token()).get("/api/v1/auth/verify"));
    }
}
