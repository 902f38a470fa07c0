package studio.ainative.platform.auth.rls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.auth.PlatformPrincipal;
import studio.ainative.platform.auth.PlatformPrincipal.TokenType;

class RlsContextTest {

    private static final UUID PROJECT = UUID.randomUUID();

    private static PlatformPrincipal user() {
        return new PlatformPrincipal(TokenType.USER, PROJECT, "stytch", UUID.randomUUID(), "user-1", null, "user-1", null, null,
                null, Map.of());
    }

    @Test
    void apiKeyActsProjectWideWithNoUser() {
        PlatformPrincipal key = new PlatformPrincipal(TokenType.API_KEY, PROJECT, null, null, null, null, "api_key:k", null,
                UUID.randomUUID(), null, Map.of());
        assertEquals(new RlsContext(PROJECT, "", RlsMode.PROJECT), RlsContext.of(key, RlsMode.USER));
    }

    @Test
    void endUserIsStrictByDefault() {
        assertEquals(new RlsContext(PROJECT, "user-1", RlsMode.USER), RlsContext.of(user()));
    }

    @Test
    void endUserActsAsTheirProviderQualifiedOwnerId() {
        UUID provider = UUID.randomUUID();
        PlatformPrincipal qualified = new PlatformPrincipal(TokenType.USER, PROJECT, "stytch", provider, "user-1", null, "user-1",
                null, null, null, Map.of(), provider + ":user-1");
        assertEquals(new RlsContext(PROJECT, provider + ":user-1", RlsMode.USER), RlsContext.of(qualified));
    }

    @Test
    void endUserFollowsTheProjectsSettingWhenGiven() {
        assertEquals(RlsMode.PROJECT, RlsContext.of(user(), RlsMode.PROJECT).mode());
    }

    @Test
    void endUserUnderOwnerWriteKeepsTheirIdForTheWriteChecks() {
        assertEquals(new RlsContext(PROJECT, "user-1", RlsMode.OWNER_WRITE), RlsContext.of(user(), RlsMode.OWNER_WRITE));
    }

    @Test
    void apiKeyActsProjectWideEvenWhenEndUsersAreOwnerWrite() {
        PlatformPrincipal key = new PlatformPrincipal(TokenType.API_KEY, PROJECT, null, null, null, null, "api_key:k", null,
                UUID.randomUUID(), null, Map.of());
        assertEquals(new RlsContext(PROJECT, "", RlsMode.PROJECT), RlsContext.of(key, RlsMode.OWNER_WRITE));
    }

    @Test
    void absentUserIsTheEmptyStringSoPoliciesFailClosed() {
        assertEquals("", new RlsContext(PROJECT, null, RlsMode.USER).userId());
    }
}
