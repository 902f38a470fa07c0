package studio.ainative.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class BearerAuthenticationMechanismTest {

    private static final UUID PROJECT = UUID.randomUUID();

    @Test
    void projectHeaderMustBeACanonicalUuid() {
        assertEquals(PROJECT, BearerAuthenticationMechanism.projectId(" " + PROJECT + " "));
        assertEquals(null, BearerAuthenticationMechanism.projectId(null));
        assertThrows(InvalidProjectHeaderException.class, () -> BearerAuthenticationMechanism.projectId("1-1-1-1-1"));
        assertThrows(InvalidProjectHeaderException.class, () -> BearerAuthenticationMechanism.projectId("not-a-project"));
    }

    @Test
    void disabledMechanismReadsNoCredentialsAndLeavesTheRequestAnonymous() {
        // Neither the request nor the provider manager is touched: both are null here.
        assertEquals(null, new BearerAuthenticationMechanism(false).authenticate(null, null).await().indefinitely());
    }
}
