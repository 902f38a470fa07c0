package studio.ainative.identity.security;

import java.util.UUID;

/** A request authenticated with a project API key. */
public record ApiKeyCaller(UUID projectId, UUID keyId) {

    /** How the caller appears in the audit log. */
    public String actor() {
        return "api_key:" + keyId;
    }
}
