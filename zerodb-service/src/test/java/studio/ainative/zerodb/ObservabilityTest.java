package studio.ainative.zerodb;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.ApiDocument;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** The request id on answered and refused requests, and the OpenAPI document's errors and credentials. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class ObservabilityTest {

    private static final String LIST = "/api/v1/zerodb/vectors";
    private static final String DOCUMENTED = "/api/v1/zerodb/vectors/search";

    @Test
    void theRequestIdComesBackOrIsMade() {
        ApiDocument.answersWithTheCallersRequestId(Tenant.create("zerodb-observability").asKey(), LIST);
        ApiDocument.refusesWithARequestIdOfItsOwn(LIST);
    }

    @Test
    void theDocumentKeepsThePlatformsConventions() {
        ApiDocument.fetch().declaresBothCredentials()
                .authenticated("post", DOCUMENTED).problem("post", DOCUMENTED, 400)
                .authenticated("get", LIST);
    }
}
