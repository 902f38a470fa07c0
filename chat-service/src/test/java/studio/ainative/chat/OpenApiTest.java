package studio.ainative.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.testing.IdentityServiceResource;

/**
 * /q/openapi: the completions route (a Vert.x route, described in META-INF/openapi.yaml) beside the scanned
 * resources, every error in OpenAI's envelope, either credential. Swagger UI is a dev-mode page only.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class OpenApiTest {

    private static final String OPENAI_ERROR = "#/components/schemas/OpenAiError";

    private static ValidatableResponse document() {
        return given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void theCompletionsRouteIsDocumentedOnEveryPath() {
        ValidatableResponse document = document()
                .body("paths.'/api/v1/chat/completions'.post.requestBody.'$ref'", equalTo("#/components/requestBodies/ChatCompletionRequest"))
                .body("paths.'/api/v1/chat/completions'.post.responses.'200'.'$ref'", equalTo("#/components/responses/ChatCompletion"))
                .body("components.schemas.ChatCompletionRequest.required", hasItems("model", "messages"));
        for (String path : new String[] {"/api/v1/public/chat/completions", "/api/v1/chat/chat/completions", "/api/v1/public/chat/chat/completions"}) {
            document.body("paths.'" + path + "'.post.responses.'200'.'$ref'", equalTo("#/components/responses/ChatCompletion"));
        }
    }

    @Test
    void everyErrorIsOpenAisEnvelope() {
        document()
                .body("components.schemas.OpenAiError.required", hasItems("error"))
                .body("components.schemas.OpenAiError.properties.error.required", hasItems("message", "type", "param", "code"))
                .body("paths.'/api/v1/chat/completions'.post.responses.'429'.content.'application/json'.schema.'$ref'", equalTo(OPENAI_ERROR))
                .body("paths.'/api/v1/chat/completions'.post.responses.default.content.'application/json'.schema.'$ref'", equalTo(OPENAI_ERROR))
                .body("paths.'/api/v1/chat/models'.get.responses.'401'.content.'application/json'.schema.'$ref'", equalTo(OPENAI_ERROR))
                .body("paths.'/api/v1/chat/usage'.get.responses.default.content.'application/json'.schema.'$ref'", equalTo(OPENAI_ERROR));
    }

    @Test
    void eitherCredentialIsAccepted() {
        document()
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.apiKey.name", equalTo("X-API-Key"))
                .body("paths.'/api/v1/chat/models'.get.security.size()", equalTo(2))
                .body("paths.'/api/v1/chat/completions'.post.security[1].apiKey", notNullValue());
    }

    @Test
    void aPackagedServiceServesItsDocumentButNoSwaggerUi() {
        // The packaged memory-service runs the prod profile, as every deployed service does.
        given().baseUri(ChatStackResource.memory().url()).port(ChatStackResource.memory().port())
                .when().get("/q/openapi").then().statusCode(200);
        given().baseUri(ChatStackResource.memory().url()).port(ChatStackResource.memory().port())
                .when().get("/q/swagger-ui/").then().statusCode(404);
    }
}
