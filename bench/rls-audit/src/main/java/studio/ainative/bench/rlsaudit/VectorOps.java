package studio.ainative.bench.rlsaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.Findings.Violation;
import studio.ainative.bench.rlsaudit.OwnershipModel.ProjectState;
import studio.ainative.bench.rlsaudit.OwnershipModel.Vector;

/**
 * ZeroDB vectors: upsert (one and batches), get, delete, list, search and stats, with small explicit embeddings (no
 * server-side embedding). Vector ids come from one pool shared by the three projects, so the same id lives in several
 * projects and an upsert of an id another project holds must create a vector of the actor's own project.
 */
final class VectorOps extends Operations {

    static final String NAMESPACE = "audit";
    static final int DIMS = 8;
    private static final int ID_POOL = 60;
    /** Search's top_k: a listing is complete (the visible set exactly) while a project holds at most this many. */
    private static final int TOP_K = 100;

    VectorOps(OwnershipModel model, Api api, Findings findings, Random random) {
        super(model, api, findings, random);
    }

    @Override
    List<Op> operations() {
        return List.of(new Op("vector.upsert", 14, this::upsert), new Op("vector.upsert_batch", 3, this::upsertBatch),
                new Op("vector.get", 9, this::get), new Op("vector.delete", 6, this::delete), new Op("vector.list", 4, this::list),
                new Op("vector.search", 5, this::search), new Op("vector.stats", 2, this::stats));
    }

    /** An id held in the target project most of the time (someone's, deliberately), else one from the pool. */
    private String targetId(Actor actor) {
        List<String> held = new ArrayList<>(model.state(targetProject(actor)).vectors.keySet());
        return random.nextInt(4) > 0 && !held.isEmpty() ? pick(held) : String.format("v-%02d", random.nextInt(ID_POOL));
    }

    private Map<String, Object> body(String id, float[] embedding, String document, String tag) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vector_id", id);
        body.put("vector_embedding", boxed(embedding));
        body.put("document", document);
        body.put("vector_metadata", Map.of("tag", tag));
        body.put("namespace", NAMESPACE);
        return body;
    }

    /** What the model says of an upsert of {@code id} by the actor: 200, 403 not_owner or 409 vector_id_conflict. */
    private int upsertStatus(Actor actor, String id) {
        Vector held = model.state(actor.project()).vectors.get(id);
        if (held == null || model.canWrite(actor, actor.project(), held.owner())) {
            return 200;
        }
        return model.canRead(actor, actor.project(), held.owner()) ? 403 : 409;
    }

    private void applyUpsert(Actor actor, String id, float[] embedding, String document, String tag) {
        ProjectState state = model.state(actor.project());
        Vector held = state.vectors.get(id);
        state.vectors.put(id, new Vector(id, held == null ? model.owner(actor) : held.owner(), embedding, document, tag));
    }

    private void upsert(Actor actor) {
        String id = targetId(actor);
        float[] embedding = embedding(DIMS);
        String document = "doc " + marker();
        String tag = marker();
        int status = upsertStatus(actor, id);
        boolean created = !model.state(actor.project()).vectors.containsKey(id);
        Response response = api.json(actor, "POST", Api.ZERODB + "/vectors/upsert", body(id, embedding, document, tag));
        if (expect(response, status, status == 403 ? "not_owner" : status == 409 ? "vector_id_conflict" : null)) {
            findings.check(response.json().path("status").asText().equals(created ? "created" : "updated"), Violation.STATUS,
                    "upsert of " + id + " answered status " + response.json().path("status") + ", the model says " + (created ? "created" : "updated"));
            applyUpsert(actor, id, embedding, document, tag);
        }
    }

    /** All or nothing: one id the actor may not write refuses the whole batch. */
    private void upsertBatch(Actor actor) {
        Set<String> ids = new LinkedHashSet<>();
        int size = 2 + random.nextInt(3);
        while (ids.size() < size) {
            ids.add(targetId(actor));
        }
        List<Map<String, Object>> vectors = new ArrayList<>();
        Map<String, float[]> embeddings = new LinkedHashMap<>();
        Map<String, String> documents = new LinkedHashMap<>();
        String tag = marker();
        int status = 200;
        Set<String> codes = new LinkedHashSet<>();
        for (String id : ids) {
            embeddings.put(id, embedding(DIMS));
            documents.put(id, "doc " + marker());
            vectors.add(body(id, embeddings.get(id), documents.get(id), tag));
            int one = upsertStatus(actor, id);
            if (one != 200) {
                status = one;
                codes.add(one == 403 ? "not_owner" : "vector_id_conflict");
            }
        }
        Response response = api.json(actor, "POST", Api.ZERODB + "/vectors/upsert-batch", Map.of("vectors", vectors));
        if (status != 200 && response.status() >= 400 && response.status() < 500) {
            // Which refused id the batch names first is the service's choice: either documented answer will do.
            String code = code(response);
            findings.check(codes.contains(code) && (response.status() == ("not_owner".equals(code) ? 403 : 409)), Violation.STATUS,
                    "batch refused with " + response.status() + " " + code + ", the model expects one of " + codes);
            return;
        }
        if (expect(response, status, codes.isEmpty() ? null : codes.iterator().next())) {
            ids.forEach(id -> applyUpsert(actor, id, embeddings.get(id), documents.get(id), tag));
        }
    }

    private void get(Actor actor) {
        String id = targetId(actor);
        // The request names no project: an id another project holds is looked up in the actor's own.
        Vector own = model.state(actor.project()).vectors.get(id);
        boolean visible = own != null && model.canRead(actor, actor.project(), own.owner());
        Response response = api.json(actor, "GET", Api.ZERODB + "/vectors/" + id, null);
        if (expect(response, visible ? 200 : 404, visible ? null : "vector_not_found") && visible) {
            JsonNode body = response.json();
            findings.check(own.document().equals(body.path("document").asText()) && own.owner().equals(body.path("owner_id").asText()),
                    Violation.LEAK, "vector " + id + " answered document " + body.path("document") + " of " + body.path("owner_id")
                            + ", the model holds " + own.document() + " of " + own.owner());
        }
    }

    private void delete(Actor actor) {
        String id = targetId(actor);
        Vector held = model.state(actor.project()).vectors.get(id);
        int status = held == null || !model.canRead(actor, actor.project(), held.owner()) ? 404
                : model.canWrite(actor, actor.project(), held.owner()) ? 204 : 403;
        Response response = api.json(actor, "DELETE", Api.ZERODB + "/vectors/" + id, null);
        if (expect(response, status, status == 404 ? "vector_not_found" : status == 403 ? "not_owner" : null)) {
            model.state(actor.project()).vectors.remove(id);
        }
    }

    private void list(Actor actor) {
        Response response = api.json(actor, "GET", Api.ZERODB + "/vectors?namespace=" + NAMESPACE + "&limit=1000", null);
        if (expect(response, 200, null)) {
            expectSet("vector list", texts(response.json().path("vectors"), "vector_id"), model.visibleVectors(actor), true);
        }
    }

    private void search(Actor actor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query_vector", boxed(embedding(DIMS)));
        body.put("top_k", TOP_K);
        body.put("namespace", NAMESPACE);
        Set<String> visible = model.visibleVectors(actor);
        // Half the searches filter on the tag of a vector, another's on purpose: the filter must not widen what is visible.
        Vector probe = pick(new ArrayList<>(model.state(actor.project()).vectors.values()));
        if (random.nextBoolean() && probe != null) {
            body.put("metadata_filter", Map.of("tag", probe.tag()));
            visible.removeIf(id -> !model.state(actor.project()).vectors.get(id).tag().equals(probe.tag()));
        }
        Response response = api.json(actor, "POST", Api.ZERODB + "/vectors/search", body);
        if (expect(response, 200, null)) {
            expectSet("vector search", texts(response.json().path("results"), "vector_id"), visible, visible.size() <= TOP_K);
        }
    }

    private void stats(Actor actor) {
        Response response = api.json(actor, "GET", Api.ZERODB + "/vectors/stats", null);
        if (expect(response, 200, null)) {
            long total = response.json().path("total_vectors").asLong();
            long visible = model.visibleVectors(actor).size();
            findings.check(total <= visible, Violation.LEAK, "stats count " + total + " vectors, the actor may see " + visible);
            findings.check(total >= visible, Violation.DENIED, "stats count " + total + " vectors, the actor may see " + visible);
        }
    }
}
