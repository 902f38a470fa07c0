package studio.ainative.bench.rlsaudit;

import java.util.UUID;

/**
 * One of the audit's projects, as a customer sets it up: created through identity's admin bootstrap with its first
 * API key, devkit's Stytch project registered as its provider.
 *
 * @param index          0, 1 or 2
 * @param keyOwner       the owner id of what the API key writes: {@code api_key:<key id>}
 * @param ownerQualifier what identity puts before a user id of this provider to make the owner id
 */
record AuditProject(int index, UUID id, String apiKey, String keyOwner, String providerId, String ownerQualifier) {

    /** The owner id of {@code userId} in this project (identity's rule: the provider's qualifier, then the user id). */
    String ownerOf(String userId) {
        return ownerQualifier + userId;
    }
}
