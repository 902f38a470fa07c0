package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/**
 * {@code POST /api/v1/auth/revoke} is rate-limited per project (identity.revocation.burst at once,
 * then identity.revocation.rate-limit per minute; defaults 100 and 600). The clock is frozen, so
 * nothing refills unless a test moves it.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class RevocationRateLimitTest {

    @ConfigProperty(name = "identity.revocation.burst")
    int burst;

    private Tenant tenant;
    private TestIdp idp;

    @BeforeEach
    void provider() {
        TestClock.INSTANCE.freeze();
        tenant = Platform.tenant("revocation-rate-limit");
        idp = tenant.idp();
    }

    @AfterEach
    void releaseClock() {
        TestClock.INSTANCE.release();
    }

    @Test
    void aRevocationOverTheProjectsBudgetIs429WithRetryAfterAndIsNotApplied() {
        String token = idp.sign(idp.claims("a@example.com"));
        String sessionId = Platform.introspect(token).then().extract().path("session_id");
        exhaust(tenant);

        revoke(tenant, "{\"session_id\":\"" + sessionId + "\"}").then().statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("rate_limited"))
                .header("Retry-After", "1"); // 600 a minute: the next one in 100 ms
        Platform.introspect(token).then().body("active", is(true));
        Platform.verify(token).then().statusCode(200);

        TestClock.INSTANCE.advance(Duration.ofSeconds(1));
        revoke(tenant, "{\"session_id\":\"" + sessionId + "\"}").then().statusCode(200).body("applied", is(true));
        Platform.introspect(token).then().body("active", is(false));
    }

    @Test
    void aTokenRevocationOverTheBudgetIsRefusedBeforeTheTokenIsLookedUp() {
        String token = idp.token();
        exhaust(tenant);
        revoke(tenant, "{\"token\":\"" + token + "\"}").then().statusCode(429).body("code", equalTo("rate_limited"));
        Platform.introspect(token).then().body("active", is(true));
    }

    @Test
    void aUserRevocationOverTheBudgetIsRefused() {
        JwtClaims claims = idp.claims("a@example.com");
        String token = idp.sign(claims);
        exhaust(tenant);
        revoke(tenant, "{\"user_id\":\"" + claims.getClaimValue("sub") + "\"}").then().statusCode(429)
                .body("code", equalTo("rate_limited"));
        Platform.introspect(token).then().body("active", is(true));
    }

    @Test
    void anEndUsersOwnRevocationCountsAgainstItsProjectsBudget() {
        String token = idp.sign(idp.claims("a@example.com"));
        exhaust(tenant);
        given().header("Authorization", "Bearer " + token).post("/api/v1/auth/revoke")
                .then().statusCode(429).body("code", equalTo("rate_limited")).header("Retry-After", "1");
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"scope\":\"session\"}")
                .post("/api/v1/auth/revoke").then().statusCode(429);
        Platform.introspect(token).then().body("active", is(true));
    }

    @Test
    void anotherProjectIsUnaffectedByOneProjectsLimit() {
        Tenant other = Platform.tenant("revocation-rate-limit-other");
        String token = other.idp().token();
        exhaust(tenant);
        revoke(tenant, "{\"session_id\":\"one-more\"}").then().statusCode(429);

        revoke(other, "{\"token\":\"" + token + "\"}").then().statusCode(200).body("applied", is(true));
        Platform.introspect(token).then().body("active", is(false));
    }

    /** Spends the project's whole burst on sessions nobody holds. */
    private void exhaust(Tenant p) {
        for (int i = 0; i < burst; i++) {
            revoke(p, "{\"session_id\":\"flood-" + i + "\"}").then().statusCode(200);
        }
    }

    private static Response revoke(Tenant p, String body) {
        return given().header("Authorization", "Bearer " + p.apiKey()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/auth/revoke");
    }
}
