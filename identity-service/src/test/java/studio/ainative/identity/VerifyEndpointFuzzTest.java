package studio.ainative.identity;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.SocketException;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.fuzz.HostileTokens;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.TestIdp;
import studio.ainative.platform.testing.fuzz.Corpus;
import studio.ainative.platform.testing.fuzz.Fuzz;
import studio.ainative.platform.testing.fuzz.FuzzReport;

/**
 * The token fuzzer through {@code GET /api/v1/auth/verify} of the running application, for a sixth of
 * {@code -Dfuzz.duration} (5 s by default: some hundreds of tokens): every answer is 200 (a valid token),
 * 401 or 400 (refused), or 431 (a header too large); never a 5xx; and afterwards a valid token still passes.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class VerifyEndpointFuzzTest {

    private static final Set<Integer> REFUSALS = Set.of(400, 401, 431);
    /** quarkus.http.limits.max-header-size: past it the server may answer 431 and close while the client still writes. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** A refusal the endpoint answered as documented. */
    private static final class Refused extends Exception {
        Refused(int status) {
            super("HTTP " + status, null, false, false);
        }
    }

    @Test
    void answersEveryHostileTokenWithoutAServerError() throws JoseException {
        TestClock.INSTANCE.release();
        Platform.Project project = Platform.newProject();
        TestIdp idp = TestIdp.create();
        EllipticCurveJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-" + idp.clientId);
        idp.alsoPublish(ec);
        Platform.registerOk(project, idp);
        HostileTokens tokens = new HostileTokens(new HostileTokens.Provider(idp.issuer, idp.clientId, idp.signingKey, ec,
                Instant.now().getEpochSecond()));

        FuzzReport report = Fuzz.of("token", (r, corpus) -> sendable(r, corpus, tokens), VerifyEndpointFuzzTest::present,
                        Fuzz.oneOf(Refused.class))
                .withSeedForm(seed -> printable(tokens.seedInput(seed)))
                .withBudget(Fuzz.budgetFromProperty().dividedBy(6))
                .run();

        assertTrue(report.inputs() >= 100, "only " + report.inputs() + " tokens sent");
        Platform.verify(idp.token()).then().statusCode(200).body("valid", is(true));
    }

    private static void present(String token) throws Exception {
        Response r;
        try {
            r = Platform.verify(token);
        } catch (Exception e) {  // rest-assured rethrows the socket's checked exceptions undeclared
            if (token.length() > MAX_HEADER_BYTES && causedBy(e, SocketException.class)) {
                throw new Refused(431);
            }
            throw e;
        }
        int status = r.statusCode();
        if (REFUSALS.contains(status)) {
            throw new Refused(status);
        }
        // A kid the provider's JWKS does not hold, once the refetch budget is spent: no verdict on the token, a retry
        // (JwksAvailabilityTest). The only 5xx allowed, and only in this exact form.
        if (status == 503 && "temporarily_unavailable".equals(r.path("error"))
                && "identity provider keys unavailable".equals(r.path("error_description")) && r.header("Retry-After") != null) {
            throw new Refused(status);
        }
        assertTrue(status == 200 && Boolean.TRUE.equals(r.path("valid")), "HTTP " + status + ": " + r.asString());
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** A token an HTTP client can put in a header: one with other characters is not sendable, so draw another. */
    private static String sendable(Random r, Corpus corpus, HostileTokens tokens) {
        while (true) {
            String token = tokens.next(r, corpus);
            if (token.equals(printable(token))) {
                return token;
            }
        }
    }

    /** The token with every character outside printable ASCII replaced (header values carry no others). */
    private static String printable(String token) {
        StringBuilder s = new StringBuilder(token.length());
        token.chars().forEach(c -> s.append(c >= 0x20 && c < 0x7f ? (char) c : '_'));
        return s.toString();
    }
}
