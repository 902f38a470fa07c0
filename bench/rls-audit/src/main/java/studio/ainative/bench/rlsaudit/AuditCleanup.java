package studio.ainative.bench.rlsaudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.OwnershipModel.ProjectState;

/**
 * Takes out what the audit stored, with each project's API key, once it has been checked: vectors, files, tables
 * (their rows go with them) and every owner's memories; then revokes the key. Chat usage is append-only and stays,
 * as do the projects (identity has no endpoint that deletes one). A stack the audit ran against keeps no usable
 * credential of it and no data beyond usage records.
 */
final class AuditCleanup {

    private final OwnershipModel model;
    private final Api api;

    AuditCleanup(OwnershipModel model, Api api) {
        this.model = model;
        this.api = api;
    }

    /** Returns what could not be removed, empty when everything went. */
    List<String> run() {
        List<String> failures = new ArrayList<>();
        for (int p = 0; p < model.projects.size(); p++) {
            Actor key = Actor.key(p, Actor.Header.NONE);
            ProjectState state = model.state(p);
            for (String id : new ArrayList<>(state.vectors.keySet())) {
                expect(failures, api.json(key, "DELETE", Api.ZERODB + "/vectors/" + id, null), "vector " + id);
            }
            for (UUID id : new ArrayList<>(state.files.keySet())) {
                expect(failures, api.json(key, "DELETE", Api.ZERODB + "/files/" + id, null), "file " + id);
            }
            for (String table : new ArrayList<>(state.tables.keySet())) {
                expect(failures, api.json(key, "DELETE", Api.ZERODB + "/tables/" + table, null), "table " + table);
            }
            Set<String> owners = new LinkedHashSet<>();
            state.memories.values().forEach(m -> owners.add(m.owner()));
            for (String owner : owners) {
                Map<String, Object> body = new LinkedHashMap<>();
                if (!owner.equals(MemoryOps.PROJECT_OWNER)) {
                    body.put("user_id", owner);
                }
                expect(failures, api.json(key, "POST", Api.MEMORY + "/forget", body), "memories of " + owner);
            }
            String keyId = model.projects.get(p).keyOwner().substring("api_key:".length());
            expect(failures, api.json(key, "DELETE", "/api/v1/auth/api-keys/" + keyId, null), "API key of project " + p);
        }
        return failures;
    }

    private static void expect(List<String> failures, Response response, String what) {
        if (response.status() >= 300) {
            failures.add(what + ": " + response.status());
        }
    }
}
