package studio.ainative.zerodb.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.auth.PlatformPrincipal;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.RlsPolicy;
import studio.ainative.zerodb.RlsSetting;

/** Principal + the project's RLS setting → the mode and owner id a request runs with. */
class AccessResolverTest {

    private static final UUID PROJECT = UUID.randomUUID();

    private static PlatformPrincipal user(String sub, Map<String, Object> claims) {
        return new PlatformPrincipal(PlatformPrincipal.TokenType.USER, PROJECT, "stytch", UUID.randomUUID(), sub, null, sub, null, null,
                Instant.now().plusSeconds(300), claims);
    }

    private static RlsSetting setting(boolean enabled, String claim, RlsPolicy policy) {
        return new RlsSetting(PROJECT, enabled, claim, policy, null);
    }

    @Test
    void apiKeyActsProjectWideWithNoUserInTheDatabaseContext() {
        UUID key = UUID.randomUUID();
        PlatformPrincipal principal = new PlatformPrincipal(PlatformPrincipal.TokenType.API_KEY, PROJECT, null, null, null, null,
                "api_key:" + key, null, key, null, Map.of());
        Access access = new AccessResolver(null).resolve(principal).await().indefinitely();
        assertEquals(RlsMode.PROJECT, access.mode());
        assertEquals("api_key:" + key, access.ownerId());
        assertEquals("", access.rlsContext().userId());
        assertEquals(RlsMode.PROJECT, access.rlsContext().mode());
        assertTrue(access.projectWide());
    }

    @Test
    void withRlsOffAnEndUserActsProjectWideButKeepsTheirId() {
        Access access = AccessResolver.forUser(user("user-a", Map.of("sub", "user-a")), RlsSetting.defaults(PROJECT));
        assertEquals(RlsMode.PROJECT, access.mode());
        assertEquals("user-a", access.ownerId());
        assertEquals("user-a", access.rlsContext().userId());
    }

    @Test
    void strictPolicyIsTheLibrarysUserMode() {
        Access access = AccessResolver.forUser(user("user-a", Map.of("sub", "user-a")), setting(true, "sub", RlsPolicy.STRICT));
        assertEquals(RlsMode.USER, access.mode());
        assertEquals(RlsMode.USER, access.rlsContext().mode());
        assertEquals("user-a", access.rlsContext().userId());
    }

    @Test
    void ownerWritePolicyIsTheLibrarysOwnerWriteMode() {
        Access access = AccessResolver.forUser(user("user-a", Map.of("sub", "user-a")), setting(true, "sub", RlsPolicy.OWNER_WRITE));
        assertEquals(RlsMode.OWNER_WRITE, access.mode());
        assertEquals(RlsMode.OWNER_WRITE, access.rlsContext().mode());
        assertEquals("user-a", access.rlsContext().userId());
        assertFalse(access.projectWide());
    }

    @Test
    void userIdClaimPicksTheOwnerIdFromThatClaim() {
        PlatformPrincipal principal = user("user-a", Map.of("sub", "user-a", "org_user", "u-42", "num", 7));
        assertEquals("u-42", AccessResolver.forUser(principal, setting(true, "org_user", RlsPolicy.STRICT)).ownerId());
        assertEquals("7", AccessResolver.forUser(principal, setting(true, "num", RlsPolicy.STRICT)).ownerId());
    }

    @Test
    void missingOrNonTextUserIdClaimIsForbidden() {
        PlatformPrincipal principal = user("user-a", Map.of("sub", "user-a", "obj", Map.of("a", 1), "blank", " "));
        for (String claim : new String[] {"absent", "obj", "blank"}) {
            ApiException e = assertThrows(ApiException.class, () -> AccessResolver.forUser(principal, setting(true, claim, RlsPolicy.STRICT)));
            assertEquals(403, e.status());
            assertEquals("user_id_claim_missing", e.code());
        }
    }

    @Test
    void userIdWithControlCharactersIsForbidden() {
        for (String bad : new String[] {"u\0x", "u\nx", "\u007f"}) {
            PlatformPrincipal principal = user("user-a", Map.of("sub", "user-a", "org_user", bad));
            ApiException e = assertThrows(ApiException.class, () -> AccessResolver.forUser(principal, setting(true, "org_user", RlsPolicy.STRICT)));
            assertEquals(403, e.status());
            assertEquals("user_id_claim_missing", e.code());
        }
    }

    @Test
    void userIdThatWouldCollideWithAnApiKeysOwnerIdIsForbiddenInEveryMode() {
        PlatformPrincipal principal = user("api_key:" + UUID.randomUUID(), Map.of());
        for (RlsSetting setting : new RlsSetting[] {RlsSetting.defaults(PROJECT), setting(true, "sub", RlsPolicy.STRICT),
                setting(true, "sub", RlsPolicy.OWNER_WRITE)}) {
            ApiException e = assertThrows(ApiException.class, () -> AccessResolver.forUser(principal, setting));
            assertEquals(403, e.status());
            assertEquals("user_id_reserved", e.code());
        }
        // Only the exact prefix collides.
        assertEquals("API_KEY:x", AccessResolver.forUser(user("API_KEY:x", Map.of()), RlsSetting.defaults(PROJECT)).ownerId());
    }

    @Test
    void subFallsBackToThePrincipalsSubjectWhenClaimsAreAbsent() {
        assertEquals("user-a", AccessResolver.forUser(user("user-a", Map.of()), RlsSetting.defaults(PROJECT)).ownerId());
    }

    // --- owner ids qualified by provider ---

    private static PlatformPrincipal qualifiedUser(UUID provider, String sub, Map<String, Object> claims) {
        return new PlatformPrincipal(PlatformPrincipal.TokenType.USER, PROJECT, "stytch", provider, sub, null, sub, null, null,
                Instant.now().plusSeconds(300), claims, provider + ":" + sub);
    }

    @Test
    void equalSubjectsOfTwoProvidersAreTwoOwners() {
        UUID p = UUID.randomUUID();
        UUID q = UUID.randomUUID();
        RlsSetting strict = setting(true, "sub", RlsPolicy.STRICT);
        Access ofP = AccessResolver.forUser(qualifiedUser(p, "user-a", Map.of("sub", "user-a")), strict);
        Access ofQ = AccessResolver.forUser(qualifiedUser(q, "user-a", Map.of("sub", "user-a")), strict);
        assertEquals(p + ":user-a", ofP.ownerId());
        assertEquals(q + ":user-a", ofQ.ownerId());
        assertEquals(p + ":user-a", ofP.rlsContext().userId());
    }

    @Test
    void anotherUserIdClaimIsQualifiedByTheSameProvider() {
        UUID p = UUID.randomUUID();
        PlatformPrincipal principal = qualifiedUser(p, "user-a", Map.of("sub", "user-a", "org_user", "u-42"));
        assertEquals(p + ":u-42", AccessResolver.forUser(principal, setting(true, "org_user", RlsPolicy.STRICT)).ownerId());
    }

    @Test
    void anEmailMarkedUnverifiedIsNoUserId() {
        PlatformPrincipal principal = user("user-a", Map.of("sub", "user-a", "email", "victim@example.com", "email_verified", false));
        ApiException e = assertThrows(ApiException.class,
                () -> AccessResolver.forUser(principal, setting(true, "email", RlsPolicy.STRICT)));
        assertEquals("user_id_unverified", e.code());
    }

    @Test
    void anEmailMarkedVerifiedIsAUserId() {
        PlatformPrincipal principal = user("user-a", Map.of("sub", "user-a", "email", "me@example.com", "email_verified", true));
        assertEquals("me@example.com", AccessResolver.forUser(principal, setting(true, "email", RlsPolicy.STRICT)).ownerId());
    }

    @Test
    void anUnqualifiedIdShapedLikeAQualifiedOwnerIdIsForbidden() {
        String lookalike = UUID.randomUUID() + ":user-a";
        PlatformPrincipal principal = user("user-a", Map.of("sub", "user-a", "org_user", lookalike));
        ApiException e = assertThrows(ApiException.class,
                () -> AccessResolver.forUser(principal, setting(true, "org_user", RlsPolicy.STRICT)));
        assertEquals("user_id_reserved", e.code());
    }
}
