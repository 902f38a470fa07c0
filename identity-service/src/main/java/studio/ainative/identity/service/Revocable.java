package studio.ainative.identity.service;

import java.util.UUID;

/**
 * What the deny list knows a principal by: its token, its session in its project, and its owner with the token's issue
 * time (a user revocation refuses the tokens issued before it).
 */
public record Revocable(String tokenId, UUID projectId, String sessionId, String ownerId, Long issuedAt) {

    public static Revocable of(VerifiedPrincipal principal) {
        return new Revocable(principal.tokenId(), principal.projectId(), principal.sessionId(), principal.ownerId(),
                principal.issuedAt() == null ? null : principal.issuedAt().getEpochSecond());
    }

    public static Revocable of(IntrospectionOutcome.Active active) {
        return new Revocable(active.tokenId(), active.projectId(), active.sessionId(), active.ownerId(), active.issuedAt());
    }
}
