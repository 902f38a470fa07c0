package studio.ainative.identity.service;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import studio.ainative.identity.Provider;
import studio.ainative.identity.client.SsrfGuard;

/**
 * What a PATCH does to a provider's stored API secret. The secret is sent (with end users' session
 * JWTs) to the provider's API, whose address follows the JWKS URI's origin unless {@code api_base_url}
 * names it; a PATCH that re-points either would otherwise hand the stored secret to a new host. So
 * such a PATCH drops the secret unless it sends one again. The stored ciphertext is never decrypted here.
 */
public enum ApiSecretChange {
    /** Unchanged: the stored ciphertext is written back as it is. */
    KEPT,
    /** The request sent a new secret. */
    REPLACED,
    /** The request sent {@code "api_secret": ""}. */
    REMOVED,
    /** The secret's recipient changed and the request sent no secret. */
    DROPPED;

    public static ApiSecretChange of(Provider current, ProviderDraft merged, String requestedSecret) {
        if (requestedSecret != null) {
            return merged.apiSecret() == null ? REMOVED : REPLACED;
        }
        return current.hasApiSecret() && recipientChanged(current, merged) != null ? DROPPED : KEPT;
    }

    /** Why the secret's recipient changed ({@code jwks_uri_origin}, {@code api_base_url}), or null. */
    public static String recipientChanged(Provider current, ProviderDraft merged) {
        if (!origin(current.jwksUri()).equals(origin(merged.jwksUri()))) {
            return "jwks_uri_origin";
        }
        if (!Objects.equals(current.apiBaseUrl(), merged.apiBaseUrl())) {
            return "api_base_url";
        }
        return null;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** scheme://host:port, with the scheme's default port when the URI names none. */
    static String origin(String uri) {
        URI parsed = URI.create(uri);
        return parsed.getScheme().toLowerCase(Locale.ROOT) + "://" + parsed.getHost().toLowerCase(Locale.ROOT) + ":"
                + SsrfGuard.portOf(parsed);
    }
}
