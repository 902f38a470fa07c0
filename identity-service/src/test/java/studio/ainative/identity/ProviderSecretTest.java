package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.client.ProviderSessionClient;
import studio.ainative.identity.fixtures.Database;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.platform.testing.TestIdp;

/**
 * A provider's API secret: who may receive it when a registration is re-pointed (issue 11 hole 2),
 * and what a stored secret that no longer decrypts does (hole 9b). The provider session API is the
 * IdP stand-in, which records the host each call was addressed to and the credentials it carried.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class ProviderSecretTest {

    /** One call of a provider's session API: the Host it was sent to and its Authorization header. */
    record Call(String host, String authorization) {
    }

    private static final String SESSION_API = "/v1/sessions/authenticate";

    private Platform.Project project;

    @BeforeEach
    void newProject() {
        project = Platform.newProject();
    }

    // --- hole 2: re-pointing a provider never hands its stored secret to the new host ------------

    @Test
    void patchMovingJwksUriToAnotherOriginDropsTheSecretAndTheNewOriginNeverReceivesIt() throws Exception {
        TestIdp idp = TestIdp.create();
        String secret = newSecret();
        String id = register(idp, "\"api_secret\":\"" + secret + "\"");
        List<Call> calls = recordSessionApi(SESSION_API);
        Platform.verify(idp.sign(idp.claims(null))).then().statusCode(200).body("email", equalTo("api@example.com"));
        assertTrue(calls.contains(new Call(origin("127.0.0.1"), basic(idp, secret))), "the registered origin gets the secret: " + calls);

        patch(id, "{\"jwks_uri\":\"" + idp.jwksUri().replace("127.0.0.1", "localhost") + "\"}")
                .then().statusCode(200).body("has_api_secret", is(false));
        calls.clear();
        Platform.verify(idp.sign(idp.claims(null))).then().statusCode(200).body("email", nullValue());

        assertTrue(calls.isEmpty(), "nobody is asked with the dropped secret: " + calls);
        assertNull(Database.storedSecret(id));
        String audited = lastAuditDetails(id);
        assertTrue(audited.contains("\"api_secret_change\": \"dropped\""), audited);
        assertTrue(audited.contains("\"api_secret_dropped_because\": \"jwks_uri_origin_changed\""), audited);
        assertFalse(audited.contains(secret), "the audit log never holds the secret");
    }

    @Test
    void patchMovingJwksUriToAnotherOriginWithANewSecretStoresTheNewOne() {
        TestIdp idp = TestIdp.create();
        String oldSecret = newSecret();
        String newSecret = newSecret();
        String id = register(idp, "\"api_secret\":\"" + oldSecret + "\"");

        patch(id, "{\"jwks_uri\":\"" + idp.jwksUri().replace("127.0.0.1", "localhost") + "\",\"api_secret\":\"" + newSecret + "\"}")
                .then().statusCode(200).body("has_api_secret", is(true));
        List<Call> calls = recordSessionApi(SESSION_API);
        Platform.verify(idp.sign(idp.claims(null))).then().statusCode(200).body("email", equalTo("api@example.com"));

        assertEquals(List.of(new Call(origin("localhost"), basic(idp, newSecret))), calls);
    }

    @Test
    void patchKeepingTheJwksOriginKeepsTheSecret() throws Exception {
        TestIdp idp = TestIdp.create();
        String secret = newSecret();
        String id = register(idp, "\"api_secret\":\"" + secret + "\"");
        byte[] stored = Database.storedSecret(id);
        IdpServer.get().answer(idp.jwksPath + "/moved", IdpServer.Answer.json(idp.jwksJson()));

        patch(id, "{\"jwks_uri\":\"" + idp.jwksUri() + "/moved\"}").then().statusCode(200).body("has_api_secret", is(true));
        List<Call> calls = recordSessionApi(SESSION_API);
        Platform.verify(idp.sign(idp.claims(null))).then().statusCode(200).body("email", equalTo("api@example.com"));

        assertEquals(List.of(new Call(origin("127.0.0.1"), basic(idp, secret))), calls);
        assertArrayEquals(stored, Database.storedSecret(id), "a kept secret is written back as it was stored");
    }

    @Test
    void patchOfApiBaseUrlDropsTheSecretAndTheNewUrlNeverReceivesIt() throws Exception {
        TestIdp idp = TestIdp.create();
        String secret = newSecret();
        String moved = "/stytch-api/" + UUID.randomUUID();
        String id = register(idp, "\"api_secret\":\"" + secret + "\",\"api_base_url\":\""
                + IdpServer.get().url("/stytch-api/" + UUID.randomUUID()) + "\"");

        patch(id, "{\"api_base_url\":\"" + IdpServer.get().url(moved) + "\"}").then().statusCode(200).body("has_api_secret", is(false));
        List<Call> calls = recordSessionApi(moved + SESSION_API);
        Platform.verify(idp.sign(idp.claims(null))).then().statusCode(200).body("email", nullValue());

        assertTrue(calls.isEmpty(), calls.toString());
        assertTrue(lastAuditDetails(id).contains("\"api_secret_dropped_because\": \"api_base_url_changed\""));
    }

    // --- hole 9b: a stored secret that no longer decrypts ---------------------------------------

    @Test
    void aSecretThatNoLongerDecryptsAnswers503ProviderUnavailableWhereItIsNeeded() throws Exception {
        TestIdp idp = TestIdp.create();
        String apiPath = "/stytch-api/" + UUID.randomUUID();
        String id = register(idp, "\"api_secret\":\"" + newSecret() + "\",\"api_base_url\":\"" + IdpServer.get().url(apiPath) + "\"");
        List<Call> calls = recordSessionApi(apiPath + SESSION_API);
        corruptStoredSecret(id);
        String token = idp.sign(idp.claims(null));

        Platform.verify(token).then().statusCode(503).header("Retry-After", "60")
                .body("valid", is(false)).body("error", equalTo("provider_unavailable"));
        Platform.introspect(token).then().statusCode(503).header("Retry-After", "60")
                .contentType("application/problem+json").body("code", equalTo("provider_unavailable"));
        assertTrue(calls.isEmpty(), calls.toString());
    }

    @Test
    void aTokenThatNeedsNoSecretStillVerifiesWhileTheSecretNoLongerDecrypts() throws Exception {
        TestIdp idp = TestIdp.create();
        String id = register(idp, "\"api_secret\":\"" + newSecret() + "\"");
        corruptStoredSecret(id);
        Platform.verify(idp.sign(idp.claims("factor@example.com"))).then().statusCode(200).body("email", equalTo("factor@example.com"));
    }

    @Test
    void logsASecretThatNoLongerDecryptsOncePerProviderWithoutSecretMaterial() throws Exception {
        TestIdp idp = TestIdp.create();
        String secret = newSecret();
        String id = register(idp, "\"api_secret\":\"" + secret + "\",\"api_base_url\":\""
                + IdpServer.get().url("/stytch-api/" + UUID.randomUUID()) + "\"");
        byte[] corrupted = corruptStoredSecret(id);
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = capturing(logged);
        Logger logger = Logger.getLogger(ProviderSessionClient.class.getName());
        logger.addHandler(capture);
        try {
            for (int i = 0; i < 3; i++) {
                Platform.verify(idp.sign(idp.claims(null))).then().statusCode(503);
            }
        } finally {
            logger.removeHandler(capture);
        }
        List<String> aboutThisProvider = logged.stream().filter(m -> m.contains(id)).toList();
        assertEquals(1, aboutThisProvider.size(), logged.toString());
        for (String message : logged) {
            assertFalse(message.contains(secret), message);
            assertFalse(message.contains(Base64.getEncoder().encodeToString(corrupted)), message);
            assertFalse(message.contains(HexFormat.of().formatHex(corrupted)), message);
        }
    }

    @Test
    void patchOfAnotherMemberSucceedsWhileTheSecretNoLongerDecrypts() throws Exception {
        TestIdp idp = TestIdp.create();
        String id = register(idp, "\"api_secret\":\"" + newSecret() + "\"");
        byte[] corrupted = corruptStoredSecret(id);
        patch(id, "{\"clock_skew_seconds\":30}").then().statusCode(200)
                .body("clock_skew_seconds", equalTo(30)).body("has_api_secret", is(true));
        assertArrayEquals(corrupted, Database.storedSecret(id));
    }

    @Test
    void patchWithANewSecretRepairsAProviderWhoseSecretNoLongerDecrypts() throws Exception {
        TestIdp idp = TestIdp.create();
        String apiPath = "/stytch-api/" + UUID.randomUUID();
        String id = register(idp, "\"api_secret\":\"" + newSecret() + "\",\"api_base_url\":\"" + IdpServer.get().url(apiPath) + "\"");
        corruptStoredSecret(id);
        String repaired = newSecret();

        patch(id, "{\"api_secret\":\"" + repaired + "\"}").then().statusCode(200).body("has_api_secret", is(true));
        List<Call> calls = recordSessionApi(apiPath + SESSION_API);
        Platform.verify(idp.sign(idp.claims(null))).then().statusCode(200).body("email", equalTo("api@example.com"));
        assertEquals(List.of(new Call(origin("127.0.0.1"), basic(idp, repaired))), calls);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private String register(TestIdp idp, String extraMembers) {
        Response r = Platform.register(project, idp.registration(extraMembers));
        r.then().statusCode(201);
        return r.path("id");
    }

    private Response patch(String id, String body) {
        return given().header("Authorization", "Bearer " + project.apiKey()).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/auth/providers/" + id);
    }

    /** Answers the session API on a path with a verified email, recording every call. */
    private static List<Call> recordSessionApi(String path) {
        List<Call> calls = new CopyOnWriteArrayList<>();
        IdpServer.get().answer(path, exchange -> {
            calls.add(new Call(exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Authorization")));
            return IdpServer.Answer.json("{\"status_code\":200,\"user\":{\"emails\":[{\"email\":\"api@example.com\",\"verified\":true}]}}");
        });
        return calls;
    }

    /** Flips one bit of the stored ciphertext (as the superuser): no configured key opens it any more. */
    private static byte[] corruptStoredSecret(String providerId) throws Exception {
        byte[] stored = Database.storedSecret(providerId);
        stored[stored.length - 1] ^= 1;
        Database.storeSecret(providerId, stored);
        return stored;
    }

    private static String lastAuditDetails(String providerId) throws Exception {
        List<String> details = Database.auditDetails(providerId);
        return details.get(details.size() - 1);
    }

    private static Handler capturing(List<String> messages) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static String origin(String host) {
        return host + ":" + IdpServer.get().port();
    }

    private static String basic(TestIdp idp, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((idp.clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String newSecret() {
        return "secret-test-" + UUID.randomUUID();
    }
}
