package studio.ainative.devkit.stytch.security;

import java.time.Instant;

/** A signed session JWT, the key that signed it and the expiry it was minted with. */
public record MintedJwt(String compact, String keyId, Instant expiresAt) {
}
