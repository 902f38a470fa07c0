package studio.ainative.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ServiceCredentialListTest {

    private static final ServiceCredentialList LIST =
            new ServiceCredentialList("k", "chat-service:chat-secret-0123456789, memory-service:memory-secret-0123456789");

    @Test
    void namesTheServiceWhoseSecretMatches() {
        assertEquals("chat-service", LIST.authenticate(ServiceCredentialList.basic("chat-service", "chat-secret-0123456789")));
        assertEquals("memory-service", LIST.authenticate("basic " + b64("memory-service:memory-secret-0123456789")));
    }

    @Test
    void refusesAnotherServicesSecret() {
        assertNull(LIST.authenticate(ServiceCredentialList.basic("chat-service", "memory-secret-0123456789")));
    }

    @Test
    void refusesAnUnknownName() {
        assertNull(LIST.authenticate(ServiceCredentialList.basic("zerodb-service", "chat-secret-0123456789")));
    }

    @Test
    void refusesAnotherSchemeAndMalformedCredentials() {
        assertNull(LIST.authenticate("Bearer " + b64("chat-service:chat-secret-0123456789")));
        assertNull(LIST.authenticate("Basic not base64!"));
        assertNull(LIST.authenticate("Basic " + b64("no-colon")));
        assertNull(LIST.authenticate(null));
    }

    @Test
    void anEmptyListAcceptsNobody() {
        assertNull(new ServiceCredentialList("k", "").authenticate(ServiceCredentialList.basic("chat-service", "chat-secret-0123456789")));
    }

    @Test
    void refusesToStartWithAShortSecret() {
        assertThrows(IllegalStateException.class, () -> new ServiceCredentialList("k", "chat-service:short"));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
