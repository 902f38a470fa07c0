package studio.ainative.devkit.openai;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.openai.OpenAiApi.LLAMA;
import static studio.ainative.devkit.openai.OpenAiApi.MINI;
import static studio.ainative.devkit.openai.OpenAiApi.assertOpenAiError;
import static studio.ainative.devkit.openai.OpenAiApi.withApiKey;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModelsTest {

    @Test
    void listsTheConfiguredModelsInOpenAisListShape() {
        withApiKey().when().get("/v1/models")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("x-request-id", startsWith("req_"))
                .body("object", equalTo("list"))
                .body("data.id", contains(LLAMA, MINI))
                .body("data.object", everyItem(equalTo("model")))
                .body("data.owned_by", everyItem(equalTo("devkit")))
                .body("data.created", everyItem(greaterThan(1_700_000_000)));
    }

    @Test
    void retrievesOneModel() {
        withApiKey().when().get("/v1/models/" + MINI)
                .then().statusCode(200)
                .body("id", equalTo(MINI))
                .body("object", equalTo("model"))
                .body("owned_by", equalTo("devkit"))
                .body("created", greaterThan(1_700_000_000));
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertOpenAiError(withApiKey().when().get("/v1/models/gpt-9").then(), 404, "model", "model_not_found");
    }

    @Test
    void aModelIdWithASlashIsLookedUpWhole() {
        assertOpenAiError(withApiKey().when().get("/v1/models/meta-llama/" + LLAMA).then(), 404, "model",
                "model_not_found");
    }
}
