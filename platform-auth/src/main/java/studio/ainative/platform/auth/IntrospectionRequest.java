package studio.ainative.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One question for identity-service.
 *
 * @param token         the raw credential
 * @param tokenTypeHint {@code access_token} or {@code api_key}
 * @param projectId     the caller's {@code X-Project-ID}; null when absent. Identity uses it only to
 *                      choose among projects that registered the same issuer.
 */
public record IntrospectionRequest(String token, String tokenTypeHint, UUID projectId) {

    public static IntrospectionRequest of(PresentedCredential credential, UUID projectId) {
        return new IntrospectionRequest(credential.token(), credential.typeHint(), projectId);
    }

    /**
     * The cache key: SHA-256 of type hint, project hint and token, so raw tokens never sit in memory as keys
     * and a token forwarded by another service is never answered from what introspection said of it.
     */
    public String cacheKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(tokenTypeHint).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update((projectId == null ? "" : projectId.toString()).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "IntrospectionRequest[hint=" + tokenTypeHint + ", project=" + projectId + "]";
    }
}
