package studio.ainative.bench.rlsaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.ainative.bench.common.Client;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.platform.testing.IdentityAdmin;

/**
 * The audit's world, set up as a customer does: three projects (identity's admin bootstrap, each with its first API
 * key), devkit's Stytch project registered as each one's provider through the public API (the guide's Step 3; the
 * second and third registrations share the issuer, which identity allows and records), and six end users signed in
 * with magic links. A Stytch user's session JWT is then valid in all three projects, picked by {@code X-Project-ID},
 * with an owner id of each project's own (identity qualifies user ids by provider): six users, eighteen owners.
 */
final class AuditSetup {

    static final int PROJECTS = 3;
    static final int USERS = 6;

    private final Client gateway;
    private final IdentityAdmin admin;
    private final StytchSessions sessions;
    private final String stytchUrl;
    private final String stytchProject;
    private final String stytchSecret;

    AuditSetup(Client gateway, IdentityAdmin admin, StytchSessions sessions, String stytchUrl, String stytchProject, String stytchSecret) {
        this.gateway = gateway;
        this.admin = admin;
        this.sessions = sessions;
        this.stytchUrl = stytchUrl;
        this.stytchProject = stytchProject;
        this.stytchSecret = stytchSecret;
    }

    List<AuditProject> projects(String run) {
        List<AuditProject> projects = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            IdentityAdmin.Project created = admin.createProject("rls-audit-" + run + "-p" + i);
            String key = created.apiKey();
            JsonNode keys = gateway.send("GET", "/api/v1/auth/api-keys", key, null, 200);
            String keyId = keys.path("api_keys").get(0).path("id").asText();
            Map<String, Object> registration = new LinkedHashMap<>();
            registration.put("provider", "stytch");
            registration.put("domain", "stytch.com");
            registration.put("client_id", stytchProject);
            registration.put("jwks_uri", stytchUrl + "/v1/sessions/jwks/" + stytchProject);
            registration.put("issuer", "stytch.com/" + stytchProject);
            registration.put("claim_mapping", Map.of("user_id", "sub", "email", "emails"));
            registration.put("api_secret", stytchSecret);
            String providerId = gateway.send("POST", "/api/v1/auth/providers", key, registration, 201).path("id").asText();
            String qualifier = gateway.send("GET", "/api/v1/auth/providers/" + providerId, key, null, 200).path("owner_qualifier").asText();
            projects.add(new AuditProject(i, created.id(), key, "api_key:" + keyId, providerId, qualifier));
        }
        return projects;
    }

    /** Signs the users in; each one's JWT must verify in every project as that project's user. */
    List<String> users(String run, List<AuditProject> projects) {
        List<String> userIds = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            userIds.add(sessions.signIn("rls-audit-" + run + "-u" + u + "@example.com"));
            for (AuditProject project : projects) {
                Response verified = gateway.exchange("GET", "/api/v1/auth/verify",
                        Map.of("Authorization", "Bearer " + sessions.jwt(u), "X-Project-ID", project.id().toString()), null, null);
                JsonNode body = verified.json();
                if (verified.status() != 200 || !project.id().toString().equals(body.path("project_id").asText())
                        || !userIds.get(u).equals(body.path("user_id").asText())) {
                    throw new IllegalStateException("user " + u + "'s session JWT does not verify as project " + project.index() + "'s user: "
                            + verified.status() + " " + verified.text());
                }
            }
        }
        return userIds;
    }
}
