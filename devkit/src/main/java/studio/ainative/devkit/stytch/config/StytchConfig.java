package studio.ainative.devkit.stytch.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import studio.ainative.devkit.stytch.LockPolicy;

/** The single emulated Stytch project. */
@ConfigMapping(prefix = "devkit.stytch")
public interface StytchConfig {

    /** Project id: the Basic-auth user name, the JWT audience and part of its issuer. */
    String projectId();

    /** Project secret: the Basic-auth password. */
    String secret();

    /** The public token browsers present to Stytch's public endpoints (OAuth start). */
    String publicToken();

    Duration magicLinkTtl();

    /** How long the token an OAuth callback hands the app stays valid. */
    Duration oauthTokenTtl();

    Duration jwtLifetime();

    /** Base of magic-link and OAuth redirect URLs when the caller names none. */
    String publicBaseUrl();

    /** Consecutive failed authentications (wrong passcode or password) that lock a user. */
    int userLockThreshold();

    /** How long a user lock lasts. */
    Duration userLockTtl();

    /** How long a stalled JWKS request (an armed {@code stall} fault) is held before its connection is closed. */
    Duration jwksMaxStall();

    default LockPolicy lockPolicy() {
        return new LockPolicy(userLockThreshold(), userLockTtl());
    }
}
