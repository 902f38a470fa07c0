package studio.ainative.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlatformIdentityProviderTest {

    /** identity's {@code {"active": false}}. */
    private static final IntrospectionResult INACTIVE = new IntrospectionResult(false, null, null, null, null, null, null, null,
            null, null, null, null, null);

    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID KEY = UUID.randomUUID();
    private static final UUID PROVIDER = UUID.randomUUID();

    private static final IntrospectionResult USER = new IntrospectionResult(true, "user", PROJECT, "stytch", PROVIDER,
            "user-test-1", "a@b.c", "user-test-1", 1_900_000_000L, "session-1", null, Map.of("sub", "user-test-1"),
            PROVIDER + ":user-test-1");
    private static final IntrospectionResult API_KEY = new IntrospectionResult(true, "api_key", PROJECT, null, null, null, null,
            "api_key:" + KEY, null, null, KEY, null, null);

    private static PlatformAuthenticationRequest bearer(UUID project) {
        return new PlatformAuthenticationRequest(PresentedCredential.from("Bearer t", null), project);
    }

    @Test
    void endUserBecomesRoleUserNamedByUserId() {
        SecurityIdentity identity = PlatformIdentityProvider.identity(USER, bearer(null));
        assertEquals("user-test-1", identity.getPrincipal().getName());
        assertEquals(Set.of(PlatformRoles.USER), identity.getRoles());
        PlatformPrincipal principal = PlatformPrincipal.of(identity).orElseThrow();
        assertEquals(PROJECT, principal.projectId());
        assertEquals("a@b.c", principal.email());
        assertEquals(Instant.ofEpochSecond(1_900_000_000L), principal.expiresAt());
    }

    @Test
    void endUserCarriesTheOwnerIdIdentitySent() {
        PlatformPrincipal principal = PlatformPrincipal.of(PlatformIdentityProvider.identity(USER, bearer(null))).orElseThrow();
        assertEquals("user-test-1", principal.userId());
        assertEquals(PROVIDER + ":user-test-1", principal.ownerId());
    }

    @Test
    void anOlderIdentityWithoutOwnerIdsMakesTheUserIdTheOwnerId() {
        IntrospectionResult older = new IntrospectionResult(true, "user", PROJECT, "stytch", PROVIDER, "user-test-1", null,
                "user-test-1", 1_900_000_000L, null, null, Map.of(), null);
        assertEquals("user-test-1", PlatformPrincipal.of(PlatformIdentityProvider.identity(older, bearer(null))).orElseThrow().ownerId());
    }

    @Test
    void apiKeyBecomesRoleApiKeyNamedByKeyId() {
        SecurityIdentity identity = PlatformIdentityProvider.identity(API_KEY,
                new PlatformAuthenticationRequest(PresentedCredential.from(null, "ak_x"), null));
        assertEquals("api_key:" + KEY, identity.getPrincipal().getName());
        assertEquals(Set.of(PlatformRoles.API_KEY), identity.getRoles());
    }

    @Test
    void inactiveTokenFailsAuthenticationAsInvalidToken() {
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> PlatformIdentityProvider.identity(INACTIVE, bearer(null)));
        assertEquals(Boolean.TRUE, e.getAttribute(BearerAuthenticationMechanism.INVALID_TOKEN));
    }

    @Test
    void activeAnswerOfUnknownTokenTypeIsNotAccepted() {
        IntrospectionResult odd = new IntrospectionResult(true, "refresh_token", PROJECT, null, null, "u", null, "u", null, null,
                null, null, null);
        assertThrows(AuthenticationFailedException.class, () -> PlatformIdentityProvider.identity(odd, bearer(null)));
    }

    @Test
    void endUserJwtInTheApiKeyHeaderIsRefused() {
        assertThrows(AuthenticationFailedException.class, () -> PlatformIdentityProvider.identity(USER,
                new PlatformAuthenticationRequest(PresentedCredential.from(null, "eyJ.user.jwt"), null)));
    }

    @Test
    void projectHeaderNamingAnotherProjectIsForbidden() {
        ProjectMismatchException e = assertThrows(ProjectMismatchException.class,
                () -> PlatformIdentityProvider.identity(USER, bearer(UUID.randomUUID())));
        assertEquals(403, e.status());
    }

    @Test
    void projectHeaderNamingTheSameProjectIsAccepted() {
        assertTrue(PlatformPrincipal.of(PlatformIdentityProvider.identity(API_KEY, bearer(PROJECT))).isPresent());
    }
}
