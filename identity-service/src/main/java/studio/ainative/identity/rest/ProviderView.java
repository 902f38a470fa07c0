package studio.ainative.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import studio.ainative.identity.Provider;
import studio.ainative.identity.jwks.KeySet;
import studio.ainative.identity.service.ProviderDraft;
import studio.ainative.identity.service.ProviderService;

/**
 * A provider as the API shows it: the secret is never returned, only whether one is stored.
 * {@code issuerShared}, {@code warnings}, {@code jwksUriDerived} and {@code notes} are only on answers
 * to a registration or change: {@code issuerShared} true (with a warning) when another project already
 * held the issuer it registered or changed to; {@code jwksUriDerived} true (with a note naming the URLs
 * derived) when identity derived a Stytch provider's JWKS URL from its project id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderView(
        UUID id,
        UUID projectId,
        String provider,
        String domain,
        String clientId,
        String audience,
        String jwksUri,
        String issuer,
        Map<String, String> claimMapping,
        List<String> allowedAlgorithms,
        int clockSkewSeconds,
        boolean hasApiSecret,
        String apiBaseUrl,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        JwksReport jwks,
        String ownerQualifier,
        Map<String, Object> requiredClaims,
        String requiredHeaderTyp,
        Boolean issuerShared,
        List<String> warnings,
        Boolean jwksUriDerived,
        List<String> notes) {

    static final String ISSUER_SHARED_WARNING = "another project registered this issuer earlier: without X-Project-ID "
            + "its tokens go to that project; send X-Project-ID with this project's id to verify them here";

    /** What registration found in the JWKS: usable key ids and the keys it skipped, with reasons. */
    public record JwksReport(int usableKeys, List<String> kids, List<KeySet.SkippedKey> skipped) {
        static JwksReport of(KeySet keys) {
            return keys == null ? null : new JwksReport(keys.usableCount(), List.copyOf(keys.byKid().keySet()), keys.skipped());
        }
    }

    public static ProviderView of(Provider p, KeySet keys) {
        return of(p, keys, null, null);
    }

    /** The answer to a registration or change. */
    public static ProviderView of(ProviderService.Registered r) {
        return of(r.provider(), r.keys(), r.issuerShared(), r.derived());
    }

    private static ProviderView of(Provider p, KeySet keys, Boolean issuerShared, ProviderDraft.Derived derived) {
        return new ProviderView(p.id(), p.projectId(), p.provider(), p.domain(), p.clientId(), p.audience(), p.jwksUri(),
                p.issuer(), p.claimMapping(), p.allowedAlgorithms(), p.clockSkewSeconds(), p.hasApiSecret(), p.apiBaseUrl(),
                p.createdAt(), p.updatedAt(), JwksReport.of(keys), p.ownerQualifier(), p.requiredClaims(), p.requiredHeaderTyp(),
                issuerShared, Boolean.TRUE.equals(issuerShared) ? List.of(ISSUER_SHARED_WARNING) : null,
                derived == null ? null : derived.jwksUri(), derived == null || !derived.any() ? null : List.of(derivedNote(derived)));
    }

    /** Says which URLs were derived and why: Stytch serves them from its API hosts, not from stytch.com. */
    private static String derivedNote(ProviderDraft.Derived derived) {
        String what = derived.jwksUri() && derived.apiBaseUrl() ? "jwks_uri and api_base_url were"
                : derived.jwksUri() ? "jwks_uri was" : "api_base_url was";
        return what + " derived from client_id: Stytch serves a project's JWKS and session API from its API host "
                + "(test.stytch.com for project-test-… projects, api.stytch.com for project-live-…), not from stytch.com";
    }
}
