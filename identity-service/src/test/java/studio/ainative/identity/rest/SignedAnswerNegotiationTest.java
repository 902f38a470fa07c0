package studio.ainative.identity.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which {@code Accept} headers ask introspection for the RFC 9701 signed answer. */
class SignedAnswerNegotiationTest {

    @Test
    void theSignedMediaTypeAsksForIt() {
        assertTrue(IntrospectionRoute.wantsSigned("application/token-introspection+jwt"));
    }

    @Test
    void inAnyCaseAndAmongOtherTypes() {
        assertTrue(IntrospectionRoute.wantsSigned("Application/Token-Introspection+JWT"));
        assertTrue(IntrospectionRoute.wantsSigned("application/json;q=0.5, application/token-introspection+jwt"));
    }

    @Test
    void jsonOrNothingDoesNot() {
        assertFalse(IntrospectionRoute.wantsSigned(null));
        assertFalse(IntrospectionRoute.wantsSigned("application/json"));
        assertFalse(IntrospectionRoute.wantsSigned("*/*"));
        assertFalse(IntrospectionRoute.wantsSigned("application/token-introspection"));
    }
}
