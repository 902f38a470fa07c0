package studio.ainative.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/**
 * The OpenAPI document ({@code /q/openapi}) of the application under test, and the conventions platform-web's
 * {@code ProblemConventions} writes into every resource service's: problem+json errors, platform-auth's bodiless
 * 401 challenge, either credential ({@code bearer}, {@code apiKey}), {@code X-Request-ID}; and that the service
 * keeps what the document says of the request id.
 */
public final class ApiDocument {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final ValidatableResponse document;

    private ApiDocument(ValidatableResponse document) {
        this.document = document;
    }

    /** The document as JSON, from rest-assured's application (the {@code @QuarkusTest}'s). */
    public static ApiDocument fetch() {
        return new ApiDocument(given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200));
    }

    /** Both credential schemes: an end user's JWT or an API key as bearer, or an API key in X-API-Key. */
    public ApiDocument declaresBothCredentials() {
        document.body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.apiKey.in", equalTo("header"))
                .body("components.securitySchemes.apiKey.name", equalTo("X-API-Key"));
        return this;
    }

    /**
     * An authenticated operation ({@code method} in lower case): either credential, its 401 platform-auth's challenge
     * without a body, every other error a problem, {@code X-Request-ID} taken.
     */
    public ApiDocument authenticated(String method, String path) {
        String operation = "paths.'" + path + "'." + method;
        document.body(operation + ".security.size()", equalTo(2))
                .body(operation + ".responses.'401'.content", nullValue())
                .body(operation + ".responses.'401'.description", containsString("WWW-Authenticate"))
                .body(operation + ".responses.default.content.'" + PROBLEM_JSON + "'.schema.'$ref'", equalTo(PROBLEM))
                .body(operation + ".parameters.'$ref'", hasItem("#/components/parameters/RequestId"));
        return this;
    }

    /** The operation's {@code status} response is a problem. */
    public ApiDocument problem(String method, String path, int status) {
        document.body("paths.'" + path + "'." + method + ".responses.'" + status + "'.content.'" + PROBLEM_JSON + "'.schema.'$ref'",
                equalTo(PROBLEM));
        return this;
    }

    /** A GET of {@code path} answers 200 with the {@code X-Request-ID} it was sent. */
    public static void answersWithTheCallersRequestId(RequestSpecification caller, String path) {
        String id = "edge-" + UUID.randomUUID();
        caller.header("X-Request-ID", id).when().get(path).then().statusCode(200).header("X-Request-ID", id);
    }

    /** A GET of {@code path} without a credential is refused (401) with a request id the service made. */
    public static void refusesWithARequestIdOfItsOwn(String path) {
        given().when().get(path).then().statusCode(401).header("X-Request-ID", matchesPattern("[0-9a-f]{32}"));
    }
}
