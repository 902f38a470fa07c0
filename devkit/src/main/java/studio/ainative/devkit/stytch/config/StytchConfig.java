package studio.ainative.devkit.stytch.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The single emulated Stytch project. */
@ConfigMapping(prefix = "devkit.stytch")
public interface StytchConfig {

    /** Project id: the Basic-auth user name, the JWT audience and part of its issuer. */
    String projectId();

    /** Project secret: the Basic-auth password. */
    String secret();

    Duration magicLinkTtl();

    Duration jwtLifetime();

    /** Base of magic-link URLs when the caller names none. */
    String publicBaseUrl();
}
