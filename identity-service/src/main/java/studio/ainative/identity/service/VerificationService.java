package studio.ainative.identity.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import studio.ainative.identity.Provider;
import studio.ainative.identity.client.ProviderSessionClient;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.jwks.JwksCache;
import studio.ainative.identity.jwks.KeySet;
import studio.ainative.identity.jwks.KeysUnavailableException;
import studio.ainative.identity.verification.ClaimMapper;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.identity.verification.TokenRejectedException;
import studio.ainative.identity.verification.TokenVerifier;
import studio.ainative.identity.verification.UnverifiedToken;
import studio.ainative.identity.verification.VerificationPolicy;
import studio.ainative.platform.web.ApiException;

/**
 * Verifies an end user's token: pick the provider by issuer (and {@code X-Project-ID}), get its keys,
 * check signature and claims, map claims to the principal, and fill in the email where the provider
 * keeps it elsewhere. Fails with {@link TokenRejectedException} (401) or {@link ApiException}
 * (invalid project id 400).
 *
 * <p>Issuers are public, so several projects may register the same one. Without a project hint the
 * oldest registration (the provider that holds the issuer longest, then lowest id; a PATCH to a new
 * issuer counts as registering it now) wins; a later one is only reached with a hint naming its
 * project. Registering someone else's issuer therefore never takes it from them.
 */
@ApplicationScoped
public class VerificationService {

    private static final Logger LOG = Logger.getLogger(VerificationService.class);

    private final TokenVerifier verifier;
    private final ProviderDirectory directory;
    private final JwksCache jwks;
    private final ProviderSessionClient sessions;
    private final Clock clock;
    private final Counter valid;
    /** identity.verifications{outcome=rejected} by reason, registered up front: counted without a registry lookup. */
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

    public VerificationService(ProviderDirectory directory, JwksCache jwks, ProviderSessionClient sessions, Clock clock,
                               MeterRegistry metrics, IdentityConfig config) {
        this.verifier = new TokenVerifier(config.tokens().maxBytes());
        this.directory = directory;
        this.jwks = jwks;
        this.sessions = sessions;
        this.clock = clock;
        this.valid = metrics.counter("identity.verifications", "outcome", "valid", "reason", "none");
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, metrics.counter("identity.verifications", "outcome", "rejected", "reason", reason.tag()));
        }
    }

    /**
     * A token decoded and its provider chosen; its signature and claims are not checked yet. {@code revocable} is what
     * the deny list would know its principal by, read from the unverified claims so that the deny entries can be
     * fetched together with the cache lookup. It is the verified principal's ({@link Revocable#of(VerifiedPrincipal)})
     * once {@link #complete} succeeds, for both come from the same claims; a caller relying on the early fetch still
     * compares the two. Null when the claims yield no user id (the verification refuses the token).
     */
    public record Candidate(String token, UnverifiedToken parsed, Provider provider, String tokenId,
                            ClaimMapper.MappedIdentity identity, Revocable revocable) {

        /** Never the token nor its claims: a record's own toString would print both into any log that names it. */
        @Override
        public String toString() {
            return "Candidate[provider=" + provider.id() + ", tokenId=" + tokenId + "]";
        }
    }

    /**
     * The first half of a verification, no signature check yet: structure, the project hint and the provider
     * by issuer. Fails with {@link TokenRejectedException} or {@link ApiException} (invalid project id).
     */
    public Uni<Candidate> prepare(String token, String projectHeader) {
        UnverifiedToken parsed;
        try {
            parsed = verifier.parse(token);
        } catch (TokenRejectedException e) {
            return rejected(fromUnregisteredIssuer(token) ? notRegistered() : e);
        }
        UUID requestedProject;
        try {
            requestedProject = ProjectHint.parse(projectHeader);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return directory.byIssuer(parsed.issuer())
                .map(candidates -> candidate(token, parsed, select(candidates, requestedProject)))
                .onFailure(Unchecked.class).transform(e -> ((Unchecked) e).rejection)
                .onFailure(TokenRejectedException.class).invoke(e -> count((TokenRejectedException) e));
    }

    /** The second half: the provider's keys, the signature, the claims, then the email where the provider keeps it elsewhere. */
    public Uni<VerifiedPrincipal> complete(Candidate candidate) {
        return verifyWith(candidate)
                .onFailure(Unchecked.class).transform(e -> ((Unchecked) e).rejection)
                .invoke(p -> valid.increment())
                .onFailure(TokenRejectedException.class).invoke(e -> count((TokenRejectedException) e));
    }

    private static Candidate candidate(String token, UnverifiedToken parsed, Provider provider) {
        String tokenId = Digests.sha256Hex(token.substring(0, token.lastIndexOf('.')));
        Map<String, Object> claims = parsed.claimsMap();
        ClaimMapper.MappedIdentity identity;
        try {
            identity = ClaimMapper.map(claims, provider.claimMapping());
        } catch (RuntimeException e) {
            identity = null; // the same mapping after the signature check says why
        }
        Revocable revocable = identity == null || identity.userId() == null ? null : new Revocable(tokenId, provider.projectId(),
                ClaimMapper.sessionId(claims), provider.ownerId(identity.userId()),
                claims.get("iat") instanceof Number iat ? iat.longValue() : null);
        return new Candidate(token, parsed, provider, tokenId, identity, revocable);
    }

    /**
     * True when verifying this provider's tokens may take a call to the provider (Stytch's session, for an email the
     * token does not carry): such a principal is worth caching from its first verification.
     */
    public static boolean mayCallOut(Provider provider) {
        return provider.hasApiSecret() && StytchEndpoints.KIND.equals(provider.provider());
    }

    /**
     * True when a token {@link TokenVerifier#parse} refused names an issuer no project registered, known without I/O:
     * it is then refused as {@code issuer not registered}, as a well-formed one of that issuer is (by the provider
     * directory), which is never remembered in Redis. Only the claimed issuer is read, cheaply.
     */
    private boolean fromUnregisteredIssuer(String token) {
        Optional<String> issuer = verifier.claimedIssuer(token);
        return issuer.isPresent() && directory.certainlyUnregistered(issuer.get());
    }

    private static TokenRejectedException notRegistered() {
        return new TokenRejectedException(RejectionReason.ISSUER_NOT_REGISTERED, "no provider for issuer");
    }

    private Uni<VerifiedPrincipal> verifyWith(Candidate candidate) {
        Provider provider = candidate.provider();
        JwksCache.ProviderRef ref = new JwksCache.ProviderRef(provider.id(), provider.tag(), provider.jwksUri());
        return jwks.keys(ref)
                .chain(keys -> withKey(candidate.parsed(), keys, ref))
                .onFailure(KeysUnavailableException.class).transform(e -> new TokenRejectedException(
                        RejectionReason.KEYS_UNAVAILABLE, e.getMessage()))
                .map(key -> check(candidate, key))
                .chain(principal -> principal.email() != null || !mayCallOut(provider)
                        ? Uni.createFrom().item(principal)
                        : sessions.sessionEmail(provider, principal.userId(), candidate.token(), ClaimMapper.sessionEmailIds(principal.claims()))
                                .map(email -> withEmail(principal, email)));
    }

    /**
     * The token's key; an unknown kid allows one rate-limited JWKS refetch (key rotation). Fails with
     * {@link KeysUnavailableException} when the kid is unknown and no refetch could look for it.
     */
    private Uni<PublicJsonWebKey> withKey(UnverifiedToken parsed, KeySet keys, JwksCache.ProviderRef ref) {
        try {
            Optional<PublicJsonWebKey> key = verifier.selectKey(parsed, keys);
            if (key.isPresent()) {
                return Uni.createFrom().item(key.get());
            }
        } catch (TokenRejectedException e) {
            return Uni.createFrom().failure(e);
        }
        return jwks.refreshForUnknownKid(ref, parsed.kid()).map(refetch -> {
            try {
                Optional<PublicJsonWebKey> key = verifier.selectKey(parsed, refetch.keys());
                if (key.isPresent()) {
                    return key.get();
                }
            } catch (TokenRejectedException e) {
                throw new Unchecked(e);
            }
            // Only a refetch that just succeeded shows the provider has no such key. Without one (the
            // refetch budget is spent, by anyone, or the IdP failed) the kid may be a key rotated in
            // meanwhile: unavailable, which is answered as a retry and never remembered.
            if (!refetch.refetched()) {
                throw new KeysUnavailableException("unknown kid; the JWKS could not be refetched now");
            }
            throw new Unchecked(new TokenRejectedException(RejectionReason.INVALID, "unknown kid"));
        }).onFailure(Unchecked.class).transform(e -> ((Unchecked) e).rejection);
    }

    private VerifiedPrincipal check(Candidate candidate, PublicJsonWebKey key) {
        UnverifiedToken parsed = candidate.parsed();
        Provider provider = candidate.provider();
        VerificationPolicy policy = new VerificationPolicy(provider.issuer(), provider.audience(),
                provider.allowedAlgorithms(), provider.clockSkewSeconds(), provider.requiredClaims(), provider.requiredHeaderTyp());
        try {
            JwtClaims claims = verifier.verify(parsed, key, policy, clock.instant());
            // The claims the candidate was mapped from, now verified: the same map, so the same identity.
            ClaimMapper.MappedIdentity identity = candidate.identity() != null ? candidate.identity()
                    : ClaimMapper.map(parsed.claimsMap(), provider.claimMapping());
            if (identity.userId() == null) {
                throw new TokenRejectedException(RejectionReason.INVALID, "user id claim missing or an unverified email");
            }
            if (provider.isLegacyOwner() && Provider.looksQualified(identity.userId())) {
                // It would name the owner id of another provider's user.
                throw new TokenRejectedException(RejectionReason.INVALID, "user id has the form of a qualified owner id");
            }
            return new VerifiedPrincipal(candidate.tokenId(), provider.projectId(), provider.id(), version(provider),
                    provider.provider(), identity.userId(), identity.email(), claims.getSubject(), claims.getIssuer(),
                    claims.getAudience(), Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    claims.getIssuedAt() == null ? null : Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    ClaimMapper.sessionId(parsed.claimsMap()), parsed.claimsMap(), provider.ownerId(identity.userId()));
        } catch (TokenRejectedException e) {
            throw new Unchecked(e);
        } catch (MalformedClaimException e) {
            throw new Unchecked(new TokenRejectedException(RejectionReason.INVALID, "malformed claim"));
        }
    }

    private static Provider select(List<Provider> candidates, UUID requestedProject) {
        if (candidates.isEmpty()) {
            throw new Unchecked(notRegistered());
        }
        if (requestedProject != null) {
            Optional<Provider> inProject = candidates.stream().filter(p -> p.projectId().equals(requestedProject)).findFirst();
            if (inProject.isPresent()) {
                return inProject.get();
            }
        }
        // Candidates come oldest first (ProviderRepository.findByIssuer). A hint naming a project without
        // this issuer still yields the oldest: callers compare projects and answer 403.
        return candidates.get(0);
    }

    private static VerifiedPrincipal withEmail(VerifiedPrincipal p, Optional<String> email) {
        return email.map(e -> new VerifiedPrincipal(p.tokenId(), p.projectId(), p.providerId(), p.providerVersion(),
                p.provider(), p.userId(), e, p.sub(), p.issuer(), p.audience(), p.expiresAt(), p.issuedAt(), p.sessionId(),
                p.claims(), p.ownerId())).orElse(p);
    }

    /** The version a cached principal is checked against: the registration's last change. */
    public static long version(Provider provider) {
        return provider.updatedAt() == null ? 0 : provider.updatedAt().toInstant().toEpochMilli();
    }

    private <T> Uni<T> rejected(TokenRejectedException e) {
        count(e);
        return Uni.createFrom().failure(e);
    }

    private void count(TokenRejectedException e) {
        rejected.get(e.reason()).increment();
        LOG.debugf("token rejected: %s (%s)", e.reason().tag(), e.detail());
    }

    /** Carries a rejection through Mutiny's map stages; unwrapped before it leaves this class. */
    private static final class Unchecked extends RuntimeException {
        final TokenRejectedException rejection;

        Unchecked(TokenRejectedException rejection) {
            super(rejection.getMessage(), null, false, false);
            this.rejection = rejection;
        }
    }
}
