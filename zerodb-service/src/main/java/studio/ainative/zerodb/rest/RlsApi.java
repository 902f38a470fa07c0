package studio.ainative.zerodb.rest;

import java.time.OffsetDateTime;
import java.util.UUID;
import studio.ainative.zerodb.RlsSetting;

/** Request and response bodies of the row-level security setting API (snake_case on the wire). */
public final class RlsApi {

    private RlsApi() {
    }

    public record RlsRequest(Boolean enabled, String userIdClaim, String policy) {
    }

    public record RlsView(UUID projectId, boolean enabled, String userIdClaim, String policy, OffsetDateTime updatedAt) {
        static RlsView of(RlsSetting s) {
            return new RlsView(s.projectId(), s.enabled(), s.userIdClaim(), s.policy().value(), s.updatedAt());
        }
    }
}
