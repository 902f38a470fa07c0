package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DevJwksFaultTest {

    private static final String FAULT = "/dev/jwks/fault";

    @TestHTTPResource("/")
    URL root;

    private static ValidatableResponse arm(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().put(FAULT).then();
    }

    private static ValidatableResponse jwks() {
        return given().when().get("/v1/sessions/jwks/" + StytchApi.projectId()).then();
    }

    private HttpResponse<String> jwksWithin(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create(root + "v1/sessions/jwks/" + StytchApi.projectId()))
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void clear() {
        given().when().delete(FAULT).then().statusCode(200).body("mode", equalTo("none"));
    }

    @Test
    void anErrorFaultAnswersItsStatusInStytchsShapeUntilCleared() {
        arm(Map.of("mode", "error")).statusCode(200).body("mode", equalTo("error")).body("status", equalTo(500));
        assertStytchError(jwks(), 500, "internal_server_error");

        arm(Map.of("mode", "error", "status", 503)).statusCode(200).body("status", equalTo(503));
        assertStytchError(jwks(), 503, "internal_server_error");

        clear();
        jwks().statusCode(200).body("keys", not(empty()));
    }

    @Test
    void aStallSendsNothingThenClosesTheConnection() throws Exception {
        arm(Map.of("mode", "stall")).statusCode(200).body("mode", equalTo("stall"));

        assertThrows(HttpTimeoutException.class, () -> jwksWithin(Duration.ofMillis(300)));
        long started = System.nanoTime();
        // jwks-max-stall is 1 s in tests: the connection is closed without an answer.
        IOException closed = assertThrows(IOException.class, () -> jwksWithin(Duration.ofSeconds(10)));
        assertThat(closed instanceof HttpTimeoutException, equalTo(false));
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(waitedMs, greaterThanOrEqualTo(900L));
        assertThat(waitedMs, lessThan(5_000L));

        clear();
        assertThat(jwksWithin(Duration.ofSeconds(5)).statusCode(), equalTo(200));
    }

    @Test
    void countsJwksRequestsAndTheFaultsThatServedThem() {
        int before = given().when().get(FAULT).then().statusCode(200).extract().path("faults_served");
        arm(Map.of("mode", "error", "status", 502)).statusCode(200);
        jwks().statusCode(502);
        jwks().statusCode(502);
        given().when().get(FAULT).then().statusCode(200).body("mode", equalTo("error"))
                .body("faults_served", equalTo(before + 2)).body("jwks_requests", greaterThan(before + 1));
    }

    @Test
    void refusesAnUnknownModeAStatusOutOfRangeAndAStatusOnAStall() {
        assertStytchError(arm(Map.of("mode", "slow")), 400, "invalid_argument");
        assertStytchError(arm(Map.of("mode", "error", "status", 302)), 400, "invalid_argument");
        assertStytchError(arm(Map.of("mode", "stall", "status", 500)), 400, "invalid_argument");
        given().when().get(FAULT).then().statusCode(200).body("mode", equalTo("none"));
        jwks().statusCode(200);
    }
}
