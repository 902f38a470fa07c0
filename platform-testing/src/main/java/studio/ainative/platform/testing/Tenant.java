package studio.ainative.platform.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;

/**
 * A project of a test's own on an identity-service: created through identity's admin API, with its API
 * key and a {@link TestIdp} registered as its identity provider, whose end users' session tokens the
 * test signs. Each test class creates the tenants it needs ({@code Tenant.create("vectors")}), so it
 * never reads another class's data and never depends on test order.
 */
public final class Tenant {

    private final IdentityAdmin identity;
    private final IdentityAdmin.Project project;
    private final TestIdp idp;
    private final String providerId;

    private Tenant(IdentityAdmin identity, IdentityAdmin.Project project, TestIdp idp, String providerId) {
        this.identity = identity;
        this.project = project;
        this.idp = idp;
        this.providerId = providerId;
    }

    /** On the identity-service that {@link IdentityServiceResource} started for the running {@code @QuarkusTest}. */
    public static Tenant create(String name) {
        IdentityProcess identity = IdentityServiceResource.identity();
        if (identity == null) {
            throw new IllegalStateException("no identity-service is running: the test class needs @QuarkusTestResource(IdentityServiceResource.class)");
        }
        return create(identity.admin(), name);
    }

    /** On the given identity-service (identity's own tests, a benchmark); {@code name} plus a random suffix names the project. */
    public static Tenant create(IdentityAdmin identity, String name) {
        return registered(identity, identity.createProject(name + "-" + UUID.randomUUID()), TestIdp.create());
    }

    private static Tenant registered(IdentityAdmin identity, IdentityAdmin.Project project, TestIdp idp) {
        return new Tenant(identity, project, idp, identity.registerProvider(project, idp));
    }

    /** The same project with another identity provider registered: its end users are signed by that provider. */
    public Tenant withAnotherProvider() {
        return withProvider(TestIdp.create());
    }

    /** The same project with {@code idp} registered as well (a provider the test held back until now). */
    public Tenant withProvider(TestIdp idp) {
        return registered(identity, project, idp);
    }

    public UUID projectId() {
        return project.id();
    }

    public String apiKey() {
        return project.apiKey();
    }

    /** The provider that signs this tenant's end users' tokens. */
    public TestIdp idp() {
        return idp;
    }

    /** The provider's id in identity. */
    public String providerId() {
        return providerId;
    }

    /** A session token of this tenant's provider for the end user {@code subject}. */
    public String userToken(String subject) {
        return idp.token(subject);
    }

    /** A session token for {@code subject} carrying these claims as well. */
    public String userToken(String subject, Map<String, Object> claims) {
        JwtClaims jwt = idp.claims("user@example.com");
        jwt.setSubject(subject);
        claims.forEach(jwt::setClaim);
        return idp.sign(jwt);
    }

    /** A JSON request as this tenant's end user {@code subject}. */
    public RequestSpecification asUser(String subject) {
        return as(userToken(subject));
    }

    /** A JSON request with this tenant's API key. */
    public RequestSpecification asKey() {
        return as(apiKey());
    }

    /** A JSON request with any bearer credential (a token a test built, another tenant's key). */
    public static RequestSpecification as(String bearer) {
        return given().header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON);
    }

    /** A user id unique to this run, so rows of earlier runs never match. */
    public static String newUserId(String name) {
        return "user-" + name + "-" + UUID.randomUUID();
    }
}
