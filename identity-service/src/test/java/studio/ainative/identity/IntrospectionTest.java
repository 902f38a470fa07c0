package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;
import studio.ainative.identity.jwks.JwksCache;
import studio.ainative.identity.repository.PrincipalStore;
import studio.ainative.identity.service.Digests;

/** {@code POST /internal/v1/introspect}, the Redis cache behind it, and revocation (single replica). */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class IntrospectionTest {

    private static final String SERVICE = Platform.SERVICE;
    private static final String SECRET = Platform.SERVICE_SECRET;

    @Inject
    RedisDataSource redis;

    @Inject
    JwksCache jwksCache;

    @Inject
    MeterRegistry meters;

    @Inject
    PrincipalStore principals;

    @TestHTTPResource("/internal/v1/introspect")
    URI introspectUri;

    @ConfigProperty(name = "identity.redis.key-prefix")
    String prefix;

    private Tenant tenant;
    private TestIdp idp;

    @BeforeEach
    void provider() {
        TestClock.INSTANCE.release();
        tenant = Platform.tenant("introspection");
        idp = tenant.idp();
    }

    // --- 26. service credential ------------------------------------------------------------------

    @Test
    void refusesCallsWithoutAServiceCredential() {
        given().contentType(ContentType.URLENC).formParam("token", idp.token()).post("/internal/v1/introspect")
                .then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"introspection\"");
    }

    @Test
    void refusesAWrongSecretAndAnUnknownService() {
        given().auth().preemptive().basic(SERVICE, SECRET + "x").contentType(ContentType.URLENC)
                .formParam("token", idp.token()).post("/internal/v1/introspect").then().statusCode(401);
        given().auth().preemptive().basic("chat-service", SECRET).contentType(ContentType.URLENC)
                .formParam("token", idp.token()).post("/internal/v1/introspect").then().statusCode(401);
    }

    // --- the request body ----------------------------------------------------------------------------

    @Test
    void decodesTheFormBodyAsAnyFormDecoderWould() {
        String token = idp.token();
        given().auth().preemptive().basic(SERVICE, SECRET).contentType(ContentType.URLENC)
                .body("token_type_hint=access_token&%74oken=" + token + "&unknown=1").post("/internal/v1/introspect")
                .then().statusCode(200).body("active", is(true));
        given().auth().preemptive().basic(SERVICE, SECRET).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body("token=" + token).post("/internal/v1/introspect")
                .then().statusCode(200).body("active", is(true));
    }

    @Test
    void refusesARepeatedMemberOrABrokenEscapeWith400() {
        String token = idp.token();
        for (String body : List.of("token=" + token + "&token=" + idp.token(), "token=" + token + "%zz")) {
            given().auth().preemptive().basic(SERVICE, SECRET).contentType(ContentType.URLENC).body(body)
                    .post("/internal/v1/introspect")
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_request"));
        }
        given().auth().preemptive().basic(SERVICE, SECRET).contentType(ContentType.JSON).body("{\"token\":\"" + token + "\"}")
                .post("/internal/v1/introspect").then().statusCode(415);
    }

    @Test
    void boundsAChunkedBodyAndRefusesABodyWithoutTheFormType() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((SERVICE + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        // No Content-Length: the body arrives chunked, past Quarkus's check of declared lengths.
        HttpRequest.Builder chunked = HttpRequest.newBuilder(introspectUri).header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> small = client.send(chunked.POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(("token=" + idp.token()).getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, small.statusCode(), small.body());
        assertTrue(small.body().contains("\"active\":true"), small.body());
        // The same in chunks of 64 bytes: the route puts them back together.
        String alice = idp.sign(idp.claims("alice@example.com"));
        HttpResponse<String> trickled = client.send(chunked.POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> trickle(("token=" + alice).getBytes(StandardCharsets.UTF_8), 64))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, trickled.statusCode(), trickled.body());
        assertTrue(trickled.body().contains("\"email\":\"alice@example.com\""), trickled.body());
        HttpResponse<String> large = client.send(chunked.POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(("token=" + "a".repeat(100 * 1024)).getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, large.statusCode());
        assertTrue(large.body().contains("payload_too_large"), large.body());

        given().auth().preemptive().basic(SERVICE, SECRET).body("token=" + idp.token()).post("/internal/v1/introspect")
                .then().statusCode(415).body("code", equalTo("unsupported_media_type"));
    }

    /**
     * A caller still sending a refused body reads the refusal, not a connection reset: the route reads the rest into
     * nothing before the socket closes (found by bench/chaos's hostile fault: 2 of 44 callers of a 64 KiB body got
     * no answer when Quarkus closed at once with the body unread). The connection then serves the next request.
     */
    @Test
    void aCallerStillSendingARefusedBodyReadsTheRefusalAndKeepsItsConnection() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((SERVICE + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        byte[] large = ("token=" + "a".repeat(200 * 1024)).getBytes(StandardCharsets.UTF_8);
        byte[] json = ("{\"token\":\"" + "a".repeat(40 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] valid = ("token=" + idp.token()).getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 5; round++) {
            try (java.net.Socket socket = new java.net.Socket(introspectUri.getHost(), introspectUri.getPort())) {
                socket.setSoTimeout(10_000);
                var in = new java.io.BufferedInputStream(socket.getInputStream());
                var out = socket.getOutputStream();
                // The whole body is written before the answer is read, as a client that does not expect 100-continue does.
                String refused = exchange(in, out, basic, "application/x-www-form-urlencoded", large);
                assertTrue(refused.startsWith("HTTP/1.1 413"), refused);
                assertTrue(refused.contains("payload_too_large"), refused);
                String unsupported = exchange(in, out, basic, "application/json", json);
                assertTrue(unsupported.startsWith("HTTP/1.1 415"), unsupported);
                assertTrue(unsupported.contains("unsupported_media_type"), unsupported);
                String answered = exchange(in, out, basic, "application/x-www-form-urlencoded", valid);
                assertTrue(answered.startsWith("HTTP/1.1 200"), answered);
                assertTrue(answered.contains("\"active\":true"), answered);
            }
        }
    }

    /** One request written whole on the connection, then its response read. */
    private String exchange(InputStream in, java.io.OutputStream out, String authorization, String contentType, byte[] body)
            throws java.io.IOException {
        out.write(head(authorization, contentType, body.length));
        out.write(body);
        out.flush();
        return readResponse(in);
    }

    private byte[] head(String authorization, String contentType, int length) {
        return ("POST " + introspectUri.getRawPath() + " HTTP/1.1\r\nHost: " + introspectUri.getHost() + ":" + introspectUri.getPort()
                + "\r\nAuthorization: " + authorization + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One HTTP/1.1 response with a Content-Length body, as text: status line, headers, body. */
    private static String readResponse(InputStream in) throws java.io.IOException {
        StringBuilder headers = new StringBuilder();
        int length = 0;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            headers.append(line).append('\n');
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return headers + "\n" + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("the connection ended after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** At most {@code step} bytes per read: the HTTP client sends each read as one chunk. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    // --- principals --------------------------------------------------------------------------------

    @Test
    void describesAnActiveEndUserWithRfc7662MembersAndThePrincipal() {
        JwtClaims claims = idp.claims("alice@example.com");
        introspect(idp.sign(claims)).then().statusCode(200)
                .body("active", is(true))
                .body("token_type", equalTo("user"))
                .body("project_id", equalTo(tenant.projectId().toString()))
                .body("provider", equalTo("stytch"))
                .body("provider_id", equalTo(tenant.providerId()))
                .body("user_id", equalTo(claims.getClaimValueAsString("sub")))
                .body("sub", equalTo(claims.getClaimValueAsString("sub")))
                .body("email", equalTo("alice@example.com"))
                .body("iss", equalTo(idp.issuer))
                .body("aud", hasItem(idp.clientId))
                .body("exp", notNullValue())
                .body("session_id", notNullValue())
                .body("claims.iss", equalTo(idp.issuer));
    }

    @Test
    void describesAProjectApiKey() {
        introspect(tenant.apiKey()).then().statusCode(200)
                .body("active", is(true)).body("token_type", equalTo("api_key")).body("project_id", equalTo(tenant.projectId().toString()));
    }

    @Test
    void answersInactiveForInvalidTokensAndRemembersTheRejection() {
        String expired = expiredToken();
        introspect(expired).then().statusCode(200).body("active", is(false)).body("user_id", nullValue());
        introspect("not-a-token").then().statusCode(200).body("active", is(false));
        introspect("ak_" + "A".repeat(43)).then().statusCode(200).body("active", is(false));
        assertTrue(redis.value(String.class).get(prefix + "n:" + studio.ainative.identity.service.Digests.sha256Hex(expired + "\n")).endsWith(".EXPIRED"),
                "the rejection is remembered in Redis");
    }

    @Test
    void hostileTokensAreInactiveThroughIntrospectionToo() {
        String token = idp.token();
        String header = token.substring(0, token.indexOf('.'));
        String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
        List<String> hostile = List.of(
                TestIdp.b64("{\"alg\":\"none\"}".getBytes()) + "." + payload + ".",
                header + "." + payload + ".",
                TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("jku", IdpServer.get().url("/x"))),
                TestIdp.sign(idp.claims("a@example.com"), TestIdp.newRsaKey(2048), "RS256", Map.of("kid", idp.signingKey.getKeyId())),
                token + ".AAAA");
        for (String t : hostile) {
            introspect(t).then().statusCode(200).body("active", is(false));
        }
        introspect(token).then().statusCode(200).body("active", is(true));
    }

    @Test
    void storesOnlyDigestsInRedisNeverTheToken() {
        String token = idp.token();
        introspect(token).then().body("active", is(true));
        introspect(token).then().body("active", is(true)); // cached from the second sighting
        awaitCachedPrincipals(1); // written after the answer
        List<String> keys = redisKeys("*");
        assertFalse(keys.isEmpty());
        String signature = token.substring(token.lastIndexOf('.') + 1);
        for (String key : keys) {
            assertFalse(key.contains(signature), "a key names the token");
            if (redis.key().type(key) == io.quarkus.redis.datasource.keys.RedisValueType.STRING) {
                String value = redis.value(String.class).get(key);
                assertFalse(value != null && value.contains(signature), "a value holds the token: " + key);
            }
        }
    }

    @Test
    void cachesThePrincipalInRedisWithATtlBoundedByTheTokensExpiry() {
        JwtClaims claims = idp.claims("a@example.com");
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        claims.setExpirationTime(NumericDate.fromSeconds(now + 40));
        String token = idp.sign(claims);
        introspect(token).then().body("active", is(true));
        introspect(token).then().body("active", is(true)); // cached from the second sighting
        List<String> principals = awaitCachedPrincipals(1);
        long ttl = redis.key().ttl(principals.get(0));
        assertTrue(ttl > 0 && ttl <= 40, "ttl " + ttl);
    }

    // --- 23 through introspection: keys unavailable is 503, never inactive, never cached ----------

    @Test
    void reportsUnavailableKeysAs503AndRecoversWhenTheJwksComesBack() {
        String token = idp.token();
        IdpServer.get().answer(idp.jwksPath, IdpServer.Answer.of(500, "text/plain", "down"));
        jwksCache.forget(UUID.fromString(tenant.providerId())).await().indefinitely();

        introspect(token).then().statusCode(503).header("Retry-After", notNullValue())
                .body("code", equalTo("temporarily_unavailable"));
        assertFalse(redis.key().exists(prefix + "n:" + studio.ainative.identity.service.Digests.sha256Hex(token + "\n")),
                "unavailability is never remembered as a rejection");

        idp.publish();
        jwksCache.invalidate(UUID.fromString(tenant.providerId())); // skip the fail-fast window of the failed fetch
        introspect(token).then().statusCode(200).body("active", is(true));
    }

    // --- 9 through introspection ------------------------------------------------------------------

    @Test
    void floodOfUnknownKidsCostsAtMostTwoJwksFetches() {
        for (int i = 0; i < 30; i++) {
            // Once the refetch budget is spent an unknown kid is "keys unavailable" (503), never active.
            Response r = introspect(TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("kid", "k-" + UUID.randomUUID())));
            if (r.statusCode() == 503) {
                r.then().body("code", equalTo("temporarily_unavailable"));
            } else {
                r.then().statusCode(200).body("active", is(false));
            }
        }
        assertTrue(IdpServer.get().hits(idp.jwksPath) <= 2, "fetches: " + IdpServer.get().hits(idp.jwksPath));
    }

    // --- 27. revocation (this replica; ReplicaRevocationIT covers two) ---------------------------

    @Test
    void anEndUserRevokesTheTokenItPresents() {
        String token = idp.token();
        String other = idp.token();
        introspect(token).then().body("active", is(true));
        given().header("Authorization", "Bearer " + token).post("/api/v1/auth/revoke")
                .then().statusCode(200).body("scope", equalTo("token")).body("applied", is(true));
        introspect(token).then().body("active", is(false));
        Platform.verify(token).then().statusCode(401).body("error_description", equalTo("token revoked"));
        introspect(other).then().body("active", is(true));
    }

    @Test
    void anEndUserRevokesItsWholeSession() {
        JwtClaims claims = idp.claims("a@example.com");
        String first = idp.sign(claims);
        claims.setIssuedAt(NumericDate.fromSeconds(TestClock.INSTANCE.instant().getEpochSecond() + 1));
        String second = idp.sign(claims); // same session, another token
        introspect(second).then().body("active", is(true));
        given().header("Authorization", "Bearer " + first).contentType(ContentType.JSON).body("{\"scope\":\"session\"}")
                .post("/api/v1/auth/revoke").then().statusCode(200).body("scope", equalTo("session"));
        introspect(first).then().body("active", is(false));
        introspect(second).then().body("active", is(false));
        introspect(idp.token()).then().body("active", is(true));
    }

    @Test
    void anApiKeyRevokesEveryTokenOfAUserIssuedBeforeNow() throws Exception {
        JwtClaims claims = idp.claims("a@example.com");
        String user = claims.getSubject();
        String token = idp.sign(claims);
        introspect(token).then().body("active", is(true));
        revokeWithApiKey("{\"user_id\":\"" + user + "\"}").then().statusCode(200).body("scope", equalTo("user"));
        introspect(token).then().body("active", is(false));

        claims.setIssuedAt(NumericDate.fromSeconds(TestClock.INSTANCE.instant().getEpochSecond() + 5));
        introspect(idp.sign(claims)).then().body("active", is(true)); // a later login works
    }

    @Test
    void anApiKeyRevokesATokenAndASessionOfItsProject() {
        String token = idp.token();
        revokeWithApiKey("{\"token\":\"" + token + "\"}").then().statusCode(200).body("applied", is(true));
        introspect(token).then().body("active", is(false));

        JwtClaims claims = idp.claims("a@example.com");
        String sessionToken = idp.sign(claims);
        String sessionId = introspect(sessionToken).then().extract().path("session_id");
        revokeWithApiKey("{\"session_id\":\"" + sessionId + "\"}").then().statusCode(200);
        introspect(sessionToken).then().body("active", is(false));
    }

    @Test
    void anApiKeyCannotRevokeAnotherProjectsToken() {
        String token = Platform.tenant("introspection-other").idp().token();
        revokeWithApiKey("{\"token\":\"" + token + "\"}").then().statusCode(200).body("applied", is(false));
        introspect(token).then().body("active", is(true));
    }

    @Test
    void revocationRequestsAreValidated() {
        revokeWithApiKey("{\"token\":\"a\",\"user_id\":\"b\"}").then().statusCode(400).body("code", equalTo("invalid_request"));
        revokeWithApiKey("{}").then().statusCode(400);
        revokeWithApiKey("{\"user_id\":\"" + "u".repeat(300) + "\"}").then().statusCode(400);
        given().header("Authorization", "Bearer " + idp.token()).contentType(ContentType.JSON).body("{\"user_id\":\"x\"}")
                .post("/api/v1/auth/revoke").then().statusCode(403).body("code", equalTo("api_key_required"));
        given().post("/api/v1/auth/revoke").then().statusCode(401);
        given().header("Authorization", "Bearer garbage").post("/api/v1/auth/revoke").then().statusCode(401);
    }

    // --- 30 through introspection: a provider change ends its cached principals -------------------

    @Test
    void deletingAProviderMakesItsCachedPrincipalsInactiveAtOnce() {
        String token = idp.token();
        introspect(token).then().body("active", is(true));
        introspect(token).then().body("active", is(true)); // cached from the second sighting
        awaitCachedPrincipals(1);
        principals.dropLocal(); // as on a replica that finds it in Redis
        given().header("Authorization", "Bearer " + tenant.apiKey()).delete("/api/v1/auth/providers/" + tenant.providerId())
                .then().statusCode(204);
        introspect(token).then().body("active", is(false));
    }

    // --- refresh ahead of expiry ---------------------------------------------------------------------

    @Test
    void anEntryInTheLastQuarterOfItsLifeIsAnsweredAndRefreshedInTheBackground() throws InterruptedException {
        String token = idp.token();
        TestClock.INSTANCE.freeze();
        keptInProcess(token);
        double before = refreshes();

        TestClock.INSTANCE.advance(Duration.ofMillis(1000));
        introspect(token).then().body("active", is(true));
        assertEquals(before, refreshes(), "early in its life an entry is just answered");

        // local-ttl 5 s less up to 20% jitter: every entry lives 4-5 s and is due after 3-3.75 s
        TestClock.INSTANCE.advance(Duration.ofMillis(2900));
        introspect(token).then().body("active", is(true));
        awaitRefreshes(before + 1);
        awaitReplaced(token); // the refresh was started; its result replaces the entry a little later
        introspect(token).then().body("active", is(true));
        assertEquals(before + 1, refreshes(), "the refreshed entry starts a new life");

        TestClock.INSTANCE.advance(Duration.ofMillis(3900));
        introspect(token).then().body("active", is(true));
        awaitRefreshes(before + 2);
    }

    // --- a principal is cached from its second sighting --------------------------------------------

    /**
     * A token verified here for the first time is answered and cached nowhere: most tokens of a flood of new sessions
     * are never seen again, and caching each cost more than verifying it again. Its second request is verified again,
     * then kept in process and written to Redis; the third is answered in process, and another replica (or this one
     * once its entry expires) finds it in Redis.
     */
    @Test
    void aPrincipalIsCachedFromItsSecondSightingOn() {
        String subject = "user-second-sighting-" + UUID.randomUUID();
        String token = idp.token(subject);
        String digest = Digests.sha256Hex(token, "");
        double verified = verifications();
        double firstSightings = firstSightings();
        introspect(token).then().body("active", is(true));
        assertEquals(verified + 1, verifications());
        assertEquals(firstSightings + 1, firstSightings());
        assertTrue(principals.local(digest).isEmpty(), "seen once: not in process");
        assertFalse(redis.key().exists(prefix + "p:" + digest), "nor in Redis");

        keptInProcess(token);
        assertEquals(verified + 2, verifications(), "the second request is verified again");
        assertEquals(firstSightings + 1, firstSightings(), "and is no first sighting");
        double localHits = localHits();
        introspect(token).then().body("active", is(true)).body("sub", equalTo(subject));
        assertEquals(localHits + 1, localHits(), "the third is answered in process");
        assertEquals(verified + 2, verifications());

        principals.dropLocal(); // as another replica, or this one once its entry expired, would find it
        double redisHits = redisHits();
        introspect(token).then().body("active", is(true)).body("sub", equalTo(subject));
        assertEquals(redisHits + 1, redisHits(), "then from Redis");
        assertEquals(verified + 2, verifications(), "without a third verification");
    }

    /** A token introspected once and again: from then on it is held in process, and in Redis once the write is done. */
    private void keptInProcess(String token) {
        String digest = Digests.sha256Hex(token, "");
        introspect(token).then().body("active", is(true));
        introspect(token).then().body("active", is(true));
        assertTrue(principals.local(digest).isPresent(), "the second sighting keeps it in process");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.key().exists(prefix + "p:" + digest)); // written after the answer
    }

    private double verifications() {
        return meters.counter("identity.verifications", "outcome", "valid", "reason", "none").count();
    }

    private double firstSightings() {
        return meters.counter("identity.cache.first_sightings").count();
    }

    private double redisHits() {
        return meters.counter("identity.cache.lookups", "cache", "redis", "result", "hit").count();
    }

    private double localHits() {
        return meters.counter("identity.cache.lookups", "cache", "local", "result", "hit").count();
    }

    private double responses(String status) {
        return meters.counter("identity.introspection.responses", "status", status).count();
    }

    private double refreshes() {
        return meters.counter("identity.cache.refreshes").count();
    }

    /** Until the in-process entry of this token is a fresh one (not due for refresh), as a finished refresh leaves it. */
    private void awaitReplaced(String token) throws InterruptedException {
        String digest = Digests.sha256Hex(token, "");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<PrincipalStore.LocalHit> hit = principals.local(digest);
            if (hit.isPresent() && !hit.get().refreshDue()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("the background refresh never replaced the entry");
    }

    private void awaitRefreshes(double expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (refreshes() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, refreshes(), "one background refresh");
    }

    // --- metrics ---------------------------------------------------------------------------------

    @Test
    void exposesOutcomesCacheLookupsJwksFetchesAndLatencyOnQMetrics() {
        double ok = responses("200");
        double unauthorized = responses("401");
        String token = idp.token();
        introspect(token);
        introspect(token);
        introspect("garbage");
        given().contentType(ContentType.URLENC).formParam("token", token).post("/internal/v1/introspect").then().statusCode(401);
        assertEquals(ok + 3, responses("200"), "answers are counted by status, inactive ones are 200 too");
        assertEquals(unauthorized + 1, responses("401"));
        String metrics = given().get("/q/metrics").asString();
        assertFalse(metrics.contains("uri=\"/internal/v1/introspect\""), "the HTTP server timer skips introspection");
        for (String series : List.of("identity_verifications_total{", "identity_introspections_total{",
                "identity_cache_lookups_total{cache=\"local\",result=\"hit\"", "identity_cache_lookups_total{cache=\"redis\"",
                "identity_jwks_fetches_total{", "identity_introspection_seconds_bucket{", "identity_redis_up")) {
            assertTrue(metrics.contains(series), "missing " + series);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    static Response introspect(String token) {
        return Platform.introspect(token);
    }

    private Response revokeWithApiKey(String body) {
        return given().header("Authorization", "Bearer " + tenant.apiKey()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/auth/revoke");
    }

    private String expiredToken() {
        JwtClaims claims = idp.claims("a@example.com");
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        claims.setIssuedAt(NumericDate.fromSeconds(now - 3600));
        claims.setNotBefore(NumericDate.fromSeconds(now - 3600));
        claims.setExpirationTime(NumericDate.fromSeconds(now - 600));
        return idp.sign(claims);
    }

    /** Keys of this test run's key space that belong to this test's principals (by pattern). */
    /** The principals cached in Redis, once there are {@code count}: the write follows the answer. */
    private List<String> awaitCachedPrincipals(int count) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> redisKeys("p:*"), keys -> keys.size() == count);
    }

    private List<String> redisKeys(String pattern) {
        List<String> all = redis.key().keys(prefix + pattern);
        if (pattern.startsWith("p:") || pattern.equals("*")) {
            return all.stream().filter(k -> !pattern.startsWith("p:") || belongsToThisProvider(k)).toList();
        }
        return all;
    }

    private boolean belongsToThisProvider(String principalKey) {
        String value = redis.value(String.class).get(principalKey);
        return value != null && value.contains(tenant.providerId());
    }
}
