package studio.ainative.devkit.stytch.rest;

import java.util.Map;

/** {@code claims} are merged into the JWT last, so they may override standard claims. */
public record DevTokenRequest(
        String email, Long lifetimeSeconds, Map<String, Object> claims, Boolean includeEmailFactor) {
}
