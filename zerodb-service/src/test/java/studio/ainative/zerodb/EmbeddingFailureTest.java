package studio.ainative.zerodb;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.embeddings.Embedder;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.platform.embeddings.EmbeddingRejectedException;
import studio.ainative.platform.embeddings.TextNotEmbeddableException;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** Server-side embedding that fails, each way an embedder can: the client gets a 422 or a 503, never a 500, and nothing is written. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class EmbeddingFailureTest {

    private static Tenant tenant;

    @BeforeEach
    void project() {
        if (tenant == null) {
            tenant = Tenant.create("embedding-failures");
        }
    }

    /** This test's embedder: every call fails with {@code failure}. */
    private static void embedderFailsWith(RuntimeException failure) {
        QuarkusMock.installMockForType(new Embedder() {
            @Override
            public Uni<List<float[]>> embed(List<String> texts) {
                return Uni.createFrom().failure(failure);
            }

            @Override
            public int dimensions() {
                return 384;
            }
        }, Embedder.class);
    }

    private static ValidatableResponse upsertDocument(String id) {
        return tenant.asKey().body(Map.of("vector_id", id, "namespace", "embedded", "document", "some text"))
                .post(BASE + "/vectors/upsert").then();
    }

    private static void notStored(String id) {
        tenant.asKey().get(BASE + "/vectors/" + id).then().statusCode(404);
    }

    @Test
    void documentTheModelRefusesIs422AndNotStored() {
        embedderFailsWith(new TextNotEmbeddableException("embedding endpoint refused the texts with 400"));
        upsertDocument("refused").statusCode(422).contentType("application/problem+json").body("code", equalTo("document_not_embeddable"))
                .header("Retry-After", nullValue());
        notStored("refused");
    }

    @Test
    void queryTheModelRefusesIs422() {
        embedderFailsWith(new TextNotEmbeddableException("embedding endpoint returned an all-zero vector"));
        tenant.asKey().body(Map.of("query", "some text", "namespace", "embedded")).post(BASE + "/vectors/search").then()
                .statusCode(422).body("code", equalTo("query_not_embeddable"));
    }

    @Test
    void embedderOutageIs503WithRetryAfter() {
        embedderFailsWith(new EmbeddingException("embedding endpoint unavailable: TimeoutException", true, null));
        upsertDocument("outage").statusCode(503).contentType("application/problem+json").body("code", equalTo("embedding_unavailable"))
                .header("Retry-After", equalTo("5"));
        notStored("outage");
    }

    @Test
    void misconfiguredEmbedderIs503WithoutRetryAfter() {
        embedderFailsWith(new EmbeddingRejectedException("embedding endpoint refused the request with 401"));
        upsertDocument("misconfigured").statusCode(503).body("code", equalTo("embedding_unavailable")).header("Retry-After", nullValue());
        notStored("misconfigured");
    }

    @Test
    void unexpectedEmbedderFailureIs503NotA500() {
        embedderFailsWith(new IllegalStateException("model crashed"));
        upsertDocument("crashed").statusCode(503).body("code", equalTo("embedding_unavailable"));
        notStored("crashed");
    }
}
