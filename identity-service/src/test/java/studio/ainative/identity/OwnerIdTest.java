package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/**
 * Owner ids (RLS owner, user revocation) are qualified by provider: equal user ids of two providers of
 * one project are two owners. {@code user_id} stays the provider's own id.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class OwnerIdTest {

    /** Two providers of one project. */
    private Tenant first;
    private Tenant second;
    private String user;

    @BeforeEach
    void twoProvidersOfOneProject() {
        TestClock.INSTANCE.release();
        first = Platform.tenant("owner-id");
        second = first.withAnotherProvider();
        user = "user-test-" + UUID.randomUUID();
    }

    @Test
    void equalUserIdsOfTwoProvidersAreDifferentOwners() {
        Response a = Platform.introspect(first.userToken(user));
        Response b = Platform.introspect(second.userToken(user));
        a.then().statusCode(200).body("active", is(true)).body("user_id", equalTo(user)).body("owner_id", equalTo(first.providerId() + ":" + user));
        b.then().statusCode(200).body("active", is(true)).body("user_id", equalTo(user)).body("owner_id", equalTo(second.providerId() + ":" + user));
        assertNotEquals(a.<String>path("owner_id"), b.<String>path("owner_id"));
    }

    @Test
    void verifyStillAnswersTheProvidersOwnUserId() {
        Platform.verify(second.userToken(user)).then().statusCode(200).body("user_id", equalTo(user));
    }

    @Test
    void revokingAUserOfOneProviderLeavesTheSameUserIdOfAnotherProviderActive() {
        String ofFirst = first.userToken(user);
        String ofSecond = second.userToken(user);
        Platform.introspect(ofFirst).then().body("active", is(true));
        Platform.introspect(ofSecond).then().body("active", is(true));

        revoke("{\"user_id\":\"" + user + "\",\"provider_id\":\"" + first.providerId() + "\"}").then().statusCode(200).body("scope", equalTo("user"));

        Platform.introspect(ofFirst).then().body("active", is(false));
        Platform.introspect(ofSecond).then().body("active", is(true));
        Platform.verify(ofSecond).then().statusCode(200);
    }

    @Test
    void revokingAUserWithoutAProviderRevokesThatUserIdInEveryProvider() {
        String ofFirst = first.userToken(user);
        String ofSecond = second.userToken(user);
        Platform.introspect(ofFirst).then().body("active", is(true));

        revoke("{\"user_id\":\"" + user + "\"}").then().statusCode(200);

        Platform.introspect(ofFirst).then().body("active", is(false));
        Platform.introspect(ofSecond).then().body("active", is(false));
    }

    @Test
    void revokingAUserOfAProviderOutsideTheProjectIs400() {
        revoke("{\"user_id\":\"" + user + "\",\"provider_id\":\"" + UUID.randomUUID() + "\"}").then().statusCode(400)
                .body("code", equalTo("invalid_request"));
    }

    @Test
    void aProviderIdThatIsNoUuidIs400() {
        revoke("{\"user_id\":\"" + user + "\",\"provider_id\":\"first\"}").then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    @Test
    void aProviderIdWithoutAUserIdIs400() {
        revoke("{\"session_id\":\"s-1\",\"provider_id\":\"" + first.providerId() + "\"}").then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    @Test
    void aLegacyProviderKeepsItsUserIdsUnqualified() throws Exception {
        TestIdp legacy = legacyProvider();

        Platform.introspect(legacy.token(user)).then().body("active", is(true)).body("owner_id", equalTo(user));
    }

    @Test
    void aLegacyProviderRefusesAUserIdShapedLikeAQualifiedOwnerId() throws Exception {
        TestIdp legacy = legacyProvider();

        // It would be the owner id of this project's second provider's user.
        Platform.verify(legacy.token(second.providerId() + ":" + user)).then().statusCode(401).body("valid", is(false));
        Platform.introspect(legacy.token(second.providerId().toUpperCase() + ":" + user)).then().body("active", is(false));
    }

    private Response revoke(String body) {
        return given().header("Authorization", "Bearer " + first.apiKey()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/auth/revoke");
    }

    /**
     * A provider of a project of its own, as V2 left the oldest provider of a project that existed
     * before it: with an empty owner qualifier.
     */
    private static TestIdp legacyProvider() throws Exception {
        Tenant legacy = Platform.tenant("owner-id-legacy");
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.migrations.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, "identity_owner", "identity_owner_local");
             PreparedStatement q = db.prepareStatement("UPDATE providers SET owner_qualifier = '' WHERE id = ?::uuid")) {
            q.setString(1, legacy.providerId());
            q.executeUpdate();
        }
        return legacy.idp();
    }
}
