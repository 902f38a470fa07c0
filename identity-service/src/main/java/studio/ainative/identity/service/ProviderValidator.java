package studio.ainative.identity.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import studio.ainative.identity.rest.ProviderRequest;
import studio.ainative.identity.verification.ClaimMapper;
import studio.ainative.identity.verification.ClaimPath;
import studio.ainative.identity.verification.SignatureAlgorithms;
import studio.ainative.platform.web.ApiException;

/** Validates a provider registration and fills in defaults. Every bound here is documented in the README. */
public final class ProviderValidator {

    static final int MAX_CLAIM_MAPPINGS = 32;
    static final int MAX_REQUIRED_CLAIMS = 8;
    private static final int MAX_REQUIRED_VALUE_LENGTH = 512;
    /** A JOSE {@code typ}: a media type name, printable ASCII without spaces. */
    private static final Pattern HEADER_TYP = Pattern.compile("^[\\x21-\\x7e]{1,64}$");
    private static final Pattern PROVIDER_NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");
    private static final Pattern FIELD_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

    private final int defaultSkew;
    private final int maxSkew;
    private final StytchEndpoints stytch;

    public ProviderValidator(int defaultSkew, int maxSkew, StytchEndpoints stytch) {
        this.defaultSkew = defaultSkew;
        this.maxSkew = maxSkew;
        this.stytch = stytch;
    }

    public ProviderDraft validate(ProviderRequest r) {
        if (r == null) {
            throw invalid("request body is required");
        }
        String provider = required("provider", r.provider(), 64);
        if (!PROVIDER_NAME.matcher(provider).matches()) {
            throw invalid("provider must be lowercase letters, digits, '-' or '_' (e.g. \"stytch\")");
        }
        String clientId = required("client_id", r.clientId(), 256);
        String issuer = required("issuer", r.issuer(), 512);
        boolean isStytch = StytchEndpoints.KIND.equals(provider);
        String jwksUri = isStytch ? optional("jwks_uri", r.jwksUri(), 2048) : required("jwks_uri", r.jwksUri(), 2048);
        if (jwksUri != null) {
            absoluteUrl("jwks_uri", jwksUri);
        }
        String domain = optional("domain", r.domain(), 253);
        String audience = r.audience() == null ? clientId : required("audience", r.audience(), 256);
        String apiSecret = optional("api_secret", r.apiSecret(), 512);
        String apiBaseUrl = optional("api_base_url", r.apiBaseUrl(), 2048);
        if (apiBaseUrl != null) {
            absoluteUrl("api_base_url", apiBaseUrl);
        }
        // Stytch serves JWKS and its session API from the project's API host, never from stytch.com
        // (the guide's text): such URLs, and a missing jwks_uri, become the project's own.
        ProviderDraft.Derived derived = ProviderDraft.Derived.NONE;
        if (isStytch) {
            boolean deriveJwks = jwksUri == null || StytchEndpoints.onStytchSite(jwksUri);
            boolean deriveApiBase = apiBaseUrl == null ? deriveJwks : StytchEndpoints.onStytchSite(apiBaseUrl);
            if (deriveJwks) {
                jwksUri = stytch.jwksUri(clientId).orElseThrow(() -> notDerivable("jwks_uri"));
            }
            if (deriveApiBase) {
                apiBaseUrl = stytch.apiBaseUrl(clientId).orElseThrow(() -> notDerivable("api_base_url"));
            }
            derived = new ProviderDraft.Derived(deriveJwks, deriveApiBase);
        }

        List<String> algorithms = r.allowedAlgorithms() == null ? SignatureAlgorithms.ASYMMETRIC : List.copyOf(r.allowedAlgorithms());
        if (algorithms.isEmpty() || algorithms.size() > SignatureAlgorithms.ASYMMETRIC.size()) {
            throw invalid("allowed_algorithms must list 1.." + SignatureAlgorithms.ASYMMETRIC.size() + " algorithms");
        }
        for (String alg : algorithms) {
            if (!SignatureAlgorithms.isSupported(alg)) {
                throw invalid("allowed_algorithms: '" + truncate(alg) + "' is not accepted; use asymmetric algorithms "
                        + SignatureAlgorithms.ASYMMETRIC);
            }
        }

        int skew = r.clockSkewSeconds() == null ? defaultSkew : r.clockSkewSeconds();
        if (skew < 0 || skew > maxSkew) {
            throw invalid("clock_skew_seconds must be between 0 and " + maxSkew);
        }
        String headerTyp = optional("required_header_typ", r.requiredHeaderTyp(), 64);
        if (headerTyp != null && !HEADER_TYP.matcher(headerTyp).matches()) {
            throw invalid("required_header_typ must be printable ASCII without spaces (e.g. \"JWT\")");
        }
        return new ProviderDraft(provider, domain, clientId, audience, jwksUri, issuer, claimMapping(r.claimMapping()),
                List.copyOf(algorithms), skew, apiSecret, apiBaseUrl, requiredClaims(r.requiredClaims()), headerTyp, derived);
    }

    /** Applies a PATCH onto the current registration, then validates the result as a whole. */
    public ProviderDraft merge(ProviderDraft current, ProviderRequest patch) {
        if (patch == null) {
            throw invalid("request body is required");
        }
        String secret = patch.apiSecret() == null ? current.apiSecret() : (patch.apiSecret().isEmpty() ? null : patch.apiSecret());
        String audience = patch.audience() != null ? patch.audience()
                : (patch.clientId() != null && current.audience().equals(current.clientId()) ? patch.clientId() : current.audience());
        // Like the audience, Stytch's URLs of the current project follow a new project id (derived again).
        boolean projectChanged = patch.clientId() != null && !patch.clientId().equals(current.clientId())
                && StytchEndpoints.KIND.equals(current.provider());
        String jwksUri = patch.jwksUri() != null ? patch.jwksUri()
                : projectChanged && stytch.jwksUri(current.clientId()).filter(current.jwksUri()::equals).isPresent()
                ? null : current.jwksUri();
        String apiBaseUrl = patch.apiBaseUrl() != null ? patch.apiBaseUrl()
                : projectChanged && stytch.apiBaseUrl(current.clientId()).filter(u -> u.equals(current.apiBaseUrl())).isPresent()
                ? null : current.apiBaseUrl();
        return validate(new ProviderRequest(
                or(patch.provider(), current.provider()),
                or(patch.domain(), current.domain()),
                or(patch.clientId(), current.clientId()),
                jwksUri,
                or(patch.issuer(), current.issuer()),
                patch.claimMapping() != null ? patch.claimMapping() : current.claimMapping(),
                audience,
                patch.allowedAlgorithms() != null ? patch.allowedAlgorithms() : current.allowedAlgorithms(),
                patch.clockSkewSeconds() != null ? patch.clockSkewSeconds() : current.clockSkewSeconds(),
                secret,
                apiBaseUrl,
                patch.requiredClaims() != null ? patch.requiredClaims() : current.requiredClaims(),
                patch.requiredHeaderTyp() != null ? patch.requiredHeaderTyp() : current.requiredHeaderTyp()));
    }

    private static Map<String, String> claimMapping(Map<String, String> mapping) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ClaimMapper.USER_ID, ClaimMapper.DEFAULT_USER_ID_PATH);
        if (mapping == null) {
            return out;
        }
        if (mapping.size() > MAX_CLAIM_MAPPINGS) {
            throw invalid("claim_mapping has more than " + MAX_CLAIM_MAPPINGS + " entries");
        }
        for (Map.Entry<String, String> e : mapping.entrySet()) {
            if (!FIELD_NAME.matcher(e.getKey()).matches()) {
                throw invalid("claim_mapping: field names are lowercase identifiers (e.g. \"user_id\", \"email\")");
            }
            try {
                ClaimPath.of(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw invalid("claim_mapping." + e.getKey() + ": " + ex.getMessage());
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Top-level claim names with the exact value a token must carry: a string, a boolean or a number. */
    private static Map<String, Object> requiredClaims(Map<String, Object> required) {
        if (required == null) {
            return Map.of();
        }
        if (required.size() > MAX_REQUIRED_CLAIMS) {
            throw invalid("required_claims has more than " + MAX_REQUIRED_CLAIMS + " entries");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : required.entrySet()) {
            String name = required("required_claims name", e.getKey(), 256);
            Object value = e.getValue();
            if (value instanceof String s) {
                bounded("required_claims." + truncate(name), s, MAX_REQUIRED_VALUE_LENGTH);
            } else if (!(value instanceof Boolean) && !(value instanceof Number)) {
                throw invalid("required_claims." + truncate(name) + " must be a string, a boolean or a number");
            }
            out.put(name, value);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void absoluteUrl(String field, String value) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw invalid(field + " must be an absolute URL with a host");
            }
        } catch (URISyntaxException e) {
            throw invalid(field + " is not a valid URL");
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        return bounded(field, value, max);
    }

    private static String optional(String field, String value, int max) {
        return value == null || value.isBlank() ? null : bounded(field, value, max);
    }

    private static String bounded(String field, String value, int max) {
        if (value.length() > max) {
            throw invalid(field + " is longer than " + max + " characters");
        }
        if (!value.equals(value.strip())) {
            throw invalid(field + " must not start or end with whitespace");
        }
        return value;
    }

    private static String or(String patched, String current) {
        return patched != null ? patched : current;
    }

    private static String truncate(String s) {
        return s == null ? "null" : s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    private static ApiException notDerivable(String field) {
        return ApiException.badRequest("jwks_uri_not_derivable", field + " of a Stytch provider is derived from client_id, "
                + "which must then be a Stytch project id (project-test-… or project-live-…); or give " + field
                + " on the project's API host (https://test.stytch.com or https://api.stytch.com)");
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("invalid_provider", detail);
    }
}
