package studio.ainative.identity.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.PrincipalStore;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.identity.service.IntrospectionOutcome.Inactive;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.identity.verification.TokenRejectedException;

/**
 * Who an end user's JWT belongs to, cheapest first: the in-process cache (no I/O); Redis (one round
 * trip: the principal or a remembered rejection, both sealed by identity, and the deny entries that
 * would cover the token's principal); local verification, answered at once.
 * A principal is cached from its second sighting on this replica: then it is written to Redis after the answer and
 * kept in process. One verified here for the first time is answered and cached nowhere, since most tokens seen once are
 * never seen again (a flood of new sessions, each refresh) and writing each to Redis cost a third of a cold answer's CPU
 * (the principal's JSON, its seal, the script, Redis's own work); the second verification that a reused token costs
 * instead replaces the Redis hit's decoding, once per token and replica. A principal whose verification may call the
 * provider is cached from its first sighting. When Redis is unavailable every step that needs it is skipped, the answer
 * is computed locally with this replica's copy of recent revocations, and kept in process at once (nothing else would
 * remember it).
 */
@ApplicationScoped
public class JwtIntrospection {

    private final VerificationService verification;
    private final ProviderDirectory directory;
    private final PrincipalStore store;
    private final Clock clock;
    /** Requests for the same digest that miss the in-process cache together share one lookup (per invalidation epoch). */
    private final SingleFlight<String, IntrospectionOutcome> lookups;
    /** Lookups started ahead of an in-process entry's expiry (see {@link #refreshAhead}). */
    private final Counter refreshes;
    /** The tokens verified here lately: a principal is cached from its second sighting. */
    private final Sightings sightings = new Sightings();
    /** Principals answered on their first sighting and cached nowhere. */
    private final Counter uncached;

    public JwtIntrospection(VerificationService verification, ProviderDirectory directory, PrincipalStore store, Clock clock,
                            MeterRegistry metrics, IdentityConfig config) {
        this.verification = verification;
        this.directory = directory;
        this.store = store;
        this.clock = clock;
        this.lookups = new SingleFlight<>(metrics.counter("identity.introspection.coalesced"), config.cache().maxRefreshes());
        this.refreshes = metrics.counter("identity.cache.refreshes");
        this.uncached = metrics.counter("identity.cache.first_sightings");
    }

    IntrospectionQuery query(String token, String projectHint) {
        String digest = Digests.sha256Hex(token, projectHint == null ? "" : projectHint.strip());
        Optional<PrincipalStore.LocalHit> local = store.local(digest);
        if (local.isPresent()) {
            if (local.get().refreshDue()) {
                refreshAhead(token, projectHint, digest);
            }
            return IntrospectionQuery.answered(fresh(local.get().outcome()));
        }
        // Keyed by the invalidation epoch too: a request that arrives after a revocation or provider
        // change never joins a lookup that started before it.
        return IntrospectionQuery.pending(() -> lookups.run(store.epoch() + ":" + digest, () -> lookup(token, projectHint, digest)));
    }

    /**
     * The same lookup a miss would run, started while the entry is still valid and not waited for:
     * its result replaces the entry (or is dropped if an invalidation came in between). The entry
     * itself is answered no longer than it would have been without this.
     */
    private void refreshAhead(String token, String projectHint, String digest) {
        if (lookups.startIfIdle(store.epoch() + ":" + digest, () -> lookup(token, projectHint, digest))) {
            refreshes.increment();
        }
    }

    /**
     * Redis, then local verification: one round trip in either case. The token is decoded and its provider chosen
     * first, so the lookup of its cached outcome also fetches the deny entries that would cover its principal: a cached
     * principal is answered only when they are clear (a revocation does not delete it) and its provider registration
     * is unchanged; a cold token is answered as soon as its signature and claims are checked, and cached after the
     * answer. A cached principal other than the one the deny entries were fetched for (the unverified claims name it;
     * they cannot differ, but the check is there) is verified again. A token of an issuer nobody registered is refused
     * in that first step, with no Redis lookup and no query.
     */
    private Uni<IntrospectionOutcome> lookup(String token, String projectHint, String digest) {
        long epoch = store.epoch();
        return verification.prepare(token, projectHint)
                .chain(candidate -> store.lookup(digest, candidate.revocable()).chain(shared -> {
                    Optional<IntrospectionOutcome> found = shared.outcome();
                    if (found.isPresent() && found.get() instanceof Inactive inactive) {
                        store.putLocal(digest, inactive, epoch);
                        return Uni.createFrom().item(inactive);
                    }
                    if (found.isPresent() && found.get() instanceof Active active && active.expiresAt() > clock.instant().getEpochSecond()
                            && Revocable.of(active).equals(candidate.revocable())) {
                        // A revocation leaves cached principals in place: the deny entries fetched with this one decide.
                        if (shared.denial() == PrincipalStore.Denial.DENIED || store.deniedLocally(active)) {
                            return remember(digest, RejectionReason.REVOKED, epoch);
                        }
                        return stillRegistered(active).chain(current -> {
                            if (current) {
                                store.putLocal(digest, active, epoch);
                                return Uni.createFrom().item((IntrospectionOutcome) active);
                            }
                            return verifyAndCache(candidate, shared.denial(), digest, epoch);
                        });
                    }
                    return verifyAndCache(candidate, shared.denial(), digest, epoch);
                }))
                .onFailure(TokenRejectedException.class)
                .recoverWithUni(e -> remember(digest, ((TokenRejectedException) e).reason(), epoch));
    }

    /**
     * Verifies the candidate. With the deny entries fetched clear for this very principal, it is answered at once: on
     * its first sighting here (and when its verification called nobody) it is cached nowhere; from its second it is
     * kept in process and cached in Redis after the answer, where the write refuses it if a revocation came in between
     * and drops this replica's entry. In any other case (Redis unavailable at the lookup, or a principal other than the
     * one fetched for) the deny check and the write run first, in one script, as before.
     */
    private Uni<IntrospectionOutcome> verifyAndCache(VerificationService.Candidate candidate, PrincipalStore.Denial denial,
                                                     String digest, long epoch) {
        return verification.complete(candidate)
                .map(JwtIntrospection::toActive)
                .chain(active -> {
                    if (denial == PrincipalStore.Denial.DENIED || store.deniedLocally(active)) {
                        return remember(digest, RejectionReason.REVOKED, epoch);
                    }
                    if (denial == PrincipalStore.Denial.CLEAR && Revocable.of(active).equals(candidate.revocable())) {
                        if (sightings.first(digest) && !VerificationService.mayCallOut(candidate.provider())) {
                            // Seen once so far, like most of a flood of new tokens: in process it would only be copied
                            // by every young collection until evicted, and its Redis write would cost more than
                            // verifying it again should it come back.
                            uncached.increment();
                            return Uni.createFrom().item((IntrospectionOutcome) active);
                        }
                        store.putLocal(digest, active, epoch);
                        store.putSharedAfterAnswer(digest, active, () -> store.forget(digest));
                        return Uni.createFrom().item((IntrospectionOutcome) active);
                    }
                    return store.putShared(digest, active).chain(written -> {
                        if (!written) {
                            return remember(digest, RejectionReason.REVOKED, epoch);
                        }
                        store.putLocal(digest, active, epoch);
                        return Uni.createFrom().item((IntrospectionOutcome) active);
                    });
                });
    }

    /** Remembers a rejection, except the ones that may change on their own soon. */
    private Uni<IntrospectionOutcome> remember(String digest, RejectionReason reason, long epoch) {
        Inactive inactive = new Inactive(reason);
        boolean cacheable = reason != RejectionReason.KEYS_UNAVAILABLE && reason != RejectionReason.ISSUER_NOT_REGISTERED
                && reason != RejectionReason.NOT_YET_VALID;
        if (!cacheable) {
            return Uni.createFrom().item(inactive);
        }
        store.putLocal(digest, inactive, epoch);
        return store.putNegative(digest, reason).replaceWith(inactive);
    }

    /** A cached principal counts only while its provider registration is unchanged. */
    private Uni<Boolean> stillRegistered(Active active) {
        return directory.byIssuer(active.issuer()).map(providers -> providers.stream().anyMatch(p ->
                p.id().equals(active.providerId()) && VerificationService.version(p) == active.providerVersion()));
    }

    /** An entry may outlive its token by less than the local TTL; never answer active past exp. */
    private IntrospectionOutcome fresh(IntrospectionOutcome outcome) {
        if (outcome instanceof Active active && active.expiresAt() <= clock.instant().getEpochSecond()) {
            return new Inactive(RejectionReason.EXPIRED);
        }
        return outcome;
    }

    /** Writes the RFC 7662 body; thread-safe, shared. The claims are written as decoded, in the token's order. */
    private static final ObjectMapper BODY_WRITER = new ObjectMapper();

    static Active toActive(VerifiedPrincipal p) {
        return new Active(IntrospectionOutcome.Body.lazy(() -> body(p)), p.tokenId(), p.projectId(), p.providerId(), p.providerVersion(), p.provider(), p.sessionId(),
                p.userId(), p.email(), p.expiresAt().getEpochSecond(), p.issuedAt() == null ? null : p.issuedAt().getEpochSecond(),
                p.issuer(), p.ownerId());
    }

    /** The principal's RFC 7662 body, written straight to bytes in one pass (no intermediate JSON tree, no copy of the claims). */
    static byte[] body(VerifiedPrincipal p) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator json = BODY_WRITER.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeBooleanField("active", true);
            json.writeStringField("token_type", "user");
            json.writeStringField("project_id", p.projectId().toString());
            json.writeStringField("provider", p.provider());
            json.writeStringField("provider_id", p.providerId().toString());
            json.writeStringField("user_id", p.userId());
            json.writeStringField("owner_id", p.ownerId());
            json.writeStringField("email", p.email());
            json.writeStringField("sub", p.sub());
            json.writeStringField("iss", p.issuer());
            json.writeArrayFieldStart("aud");
            for (String audience : p.audience()) {
                json.writeString(audience);
            }
            json.writeEndArray();
            json.writeNumberField("exp", p.expiresAt().getEpochSecond());
            json.writeFieldName("iat");
            if (p.issuedAt() == null) {
                json.writeNull();
            } else {
                json.writeNumber(p.issuedAt().getEpochSecond());
            }
            json.writeStringField("session_id", p.sessionId());
            json.writeFieldName("claims");
            json.writeObject(p.claims());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return bytes.toByteArray();
    }
}
