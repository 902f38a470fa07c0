package studio.ainative.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IntrospectionFailuresTest {

    @Test
    void ambiguousIssuerIsTheCallersBadRequest() {
        var e = assertInstanceOf(IntrospectionRejectedException.class,
                IntrospectionFailures.fromResponse(400, "ambiguous_issuer", null));
        assertEquals(400, e.status());
        assertEquals("ambiguous_issuer", e.code());
    }

    @Test
    void refusedServiceCredentialIsOurInternalErrorNotTheCallers401() {
        var e = assertInstanceOf(IntrospectionRejectedException.class,
                IntrospectionFailures.fromResponse(401, "invalid_client", null));
        assertEquals(500, e.status());
        assertEquals("internal_error", e.code());
        assertTrue(e.diagnostic().contains("401"));
    }

    @Test
    void anyOther4xxIsARejectionNotAnOutage() {
        assertInstanceOf(IntrospectionRejectedException.class, IntrospectionFailures.fromResponse(404, null, null));
        assertInstanceOf(IntrospectionRejectedException.class, IntrospectionFailures.fromResponse(429, null, null));
    }

    @Test
    void providerKeysUnavailableKeepsIdentitysRetryAfter() {
        var e = assertInstanceOf(ProviderUnavailableException.class,
                IntrospectionFailures.fromResponse(503, "temporarily_unavailable", "7"));
        assertEquals(503, e.status());
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
    }

    @Test
    void other5xxIsIdentityUnavailable() {
        for (int status : new int[] {500, 502, 503, 504}) {
            var e = IntrospectionFailures.fromResponse(status, null, null);
            assertEquals(IdentityUnavailableException.class, e.getClass(), "HTTP " + status);
        }
    }

    @Test
    void retryAfterAsHttpDateOrGarbageIsIgnored() {
        assertEquals(null, IntrospectionFailures.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(null, IntrospectionFailures.retryAfter("-3"));
        assertEquals(Duration.ofSeconds(12), IntrospectionFailures.retryAfter(" 12 "));
    }
}
