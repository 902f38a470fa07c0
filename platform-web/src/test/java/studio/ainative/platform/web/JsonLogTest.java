package studio.ainative.platform.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production log format: one JSON object per line, the request's id and caller in its {@code mdc}. */
@QuarkusTest
@TestProfile(JsonLogTest.JsonLogs.class)
class JsonLogTest {

    /** What %prod sets (this library's microprofile-config.properties), in the test profile. */
    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.json.enabled", "true");
        }
    }

    @Test
    void aLogLineIsAJsonObjectWithTheRequestIdAndTheCaller() throws Exception {
        String line = given().header(RequestIds.HEADER, "json-line-1").when().get("/test/log-line")
                .then().statusCode(200).extract().asString();
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("a line of the request", json.path("message").asText(), line);
        assertEquals("json-line-1", json.path("mdc").path(LogContext.REQUEST_ID).asText(), line);
        assertEquals("api_key:test-key", json.path("mdc").path(LogContext.PRINCIPAL).asText(), line);
        assertEquals("7a3c0d52-6d1f-4d5e-9a9e-3f1e2b7c8d90", json.path("mdc").path(LogContext.PROJECT_ID).asText(), line);
    }
}
