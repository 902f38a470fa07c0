package studio.ainative.platform.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The request id filter in an application: REST resources, a plain Vert.x route, Quarkus' own answers. */
@QuarkusTest
class RequestIdTest {

    private static final String GENERATED = "[0-9a-f]{32}";

    @Test
    void aResourceOnTheEventLoopSeesTheCallersIdAndItIsReturned() {
        given().header(RequestIds.HEADER, "gw-1234.abc_DEF")
                .when().get("/test/request-id")
                .then().statusCode(200)
                .header(RequestIds.HEADER, "gw-1234.abc_DEF")
                .body(equalTo("gw-1234.abc_DEF"));
    }

    @Test
    void aBlockingResourceOnAWorkerSeesItToo() {
        given().header(RequestIds.HEADER, "worker-id-1")
                .when().get("/test/request-id/blocking")
                .then().statusCode(200)
                .header(RequestIds.HEADER, "worker-id-1")
                .body(equalTo("worker-id-1"));
    }

    @Test
    void aPlainVertxRouteSeesItAfterReadingTheBody() {
        given().header(RequestIds.HEADER, "route-id-1").body("{}")
                .when().post("/test/route")
                .then().statusCode(200)
                .header(RequestIds.HEADER, "route-id-1")
                .body(equalTo("route-id-1"));
    }

    @Test
    void withoutAnIdTheServiceMakesOneAndAnswersWithIt() {
        Response response = given().when().get("/test/request-id");
        response.then().statusCode(200).header(RequestIds.HEADER, matchesPattern(GENERATED));
        assertEquals(response.header(RequestIds.HEADER), response.body().asString());
    }

    @Test
    void eachRequestGetsItsOwnId() {
        String first = given().when().get("/test/request-id").header(RequestIds.HEADER);
        String second = given().when().get("/test/request-id").header(RequestIds.HEADER);
        assertTrue(!first.equals(second), first);
    }

    @Test
    void anUnusableIdIsReplacedNotEchoed() {
        Response response = given().header(RequestIds.HEADER, "x".repeat(129)).when().get("/test/request-id");
        response.then().statusCode(200).header(RequestIds.HEADER, matchesPattern(GENERATED));
        assertEquals(response.header(RequestIds.HEADER), response.body().asString());
        given().header(RequestIds.HEADER, "a b <c>").when().get("/test/request-id")
                .then().header(RequestIds.HEADER, matchesPattern(GENERATED));
    }

    @Test
    void errorsAndUnknownPathsCarryTheIdToo() {
        given().header(RequestIds.HEADER, "refused-1").when().get("/test/refused")
                .then().statusCode(409).header(RequestIds.HEADER, "refused-1").body("code", equalTo("test_conflict"));
        given().header(RequestIds.HEADER, "nowhere-1").when().get("/test/nowhere")
                .then().statusCode(404).header(RequestIds.HEADER, "nowhere-1");
        given().header(RequestIds.HEADER, "openapi-1").when().get("/q/openapi")
                .then().statusCode(200).header(RequestIds.HEADER, "openapi-1");
    }

    @Test
    void aLogLineOfTheRequestCarriesItsIdAndCaller() {
        String line = given().header(RequestIds.HEADER, "logged-id-1").when().get("/test/log-line")
                .then().statusCode(200).extract().asString();
        assertTrue(line.contains("[logged-id-1 api_key:test-key]"), line);
        assertTrue(line.contains("a line of the request"), line);
    }
}
