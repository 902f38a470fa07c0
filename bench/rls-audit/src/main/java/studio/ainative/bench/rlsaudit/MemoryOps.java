package studio.ainative.bench.rlsaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.Findings.Violation;
import studio.ainative.bench.rlsaudit.OwnershipModel.Memory;

/**
 * ZeroMemory: remember, get, patch, delete, list, recall, forget and profile. An end user always works on their own
 * memories; an API key on those of the user it names in {@code user_id} (one of its project's users, a user of
 * another project, or a raw Stytch id: each is just an owner of the key's project) or on the project's own.
 */
final class MemoryOps extends Operations {

    static final String PROJECT_OWNER = "api_key:project";
    static final List<String> ENTITIES = List.of("profile", "events", "notes");
    /** all-MiniLM-L6-v2's dimension: recall's query_vector must have it. */
    private static final int DIMS = 384;
    private static final int LIMIT = 100;

    MemoryOps(OwnershipModel model, Api api, Findings findings, Random random) {
        super(model, api, findings, random);
    }

    @Override
    List<Op> operations() {
        return List.of(new Op("memory.remember", 8, this::remember), new Op("memory.get", 5, this::get), new Op("memory.patch", 3, this::patch),
                new Op("memory.delete", 3, this::delete), new Op("memory.list", 3, this::list), new Op("memory.recall", 4, this::recall),
                new Op("memory.forget", 1, this::forget), new Op("memory.profile", 1, this::profile));
    }

    /** Whose memories the request works on, and the {@code user_id} it sends (null: none). */
    private record Scope(String owner, String userId) {
        String query(char separator) {
            return userId == null ? "" : separator + "user_id=" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
        }
    }

    /** An end user: themselves. An API key: no one (the project's memories), a user of its project, of another project, or a raw id. */
    private Scope scope(Actor actor) {
        if (!actor.isKey()) {
            return new Scope(model.owner(actor), null);
        }
        int user = random.nextInt(model.userIds.size());
        String named = switch (random.nextInt(6)) {
            case 0, 1 -> null;
            case 2, 3 -> model.userOwner(user, actor.project());
            case 4 -> model.userOwner(user, targetProject(actor));
            default -> model.userIds.get(user);
        };
        return new Scope(named == null ? PROJECT_OWNER : named, named);
    }

    /** A memory of the target project (someone's, deliberately), or a made-up id. */
    private UUID targetId(Actor actor) {
        List<UUID> held = new ArrayList<>(model.state(targetProject(actor)).memories.keySet());
        return held.isEmpty() || random.nextInt(10) == 0 ? UUID.nameUUIDFromBytes(marker().getBytes(StandardCharsets.UTF_8)) : pick(held);
    }

    private Memory visible(Actor actor, Scope scope, UUID id) {
        Memory memory = model.state(actor.project()).memories.get(id);
        return memory != null && memory.owner().equals(scope.owner()) ? memory : null;
    }

    /**
     * New content mostly; sometimes content the same owner already holds (200, the same memory), sometimes content
     * another owner holds (201: a new memory of this owner, never the other's).
     */
    private void remember(Actor actor) {
        Scope scope = scope(actor);
        String entity = pick(ENTITIES);
        String content = "remember " + marker();
        List<Memory> all = new ArrayList<>(model.state(targetProject(actor)).memories.values());
        if (!all.isEmpty() && random.nextInt(4) == 0) {
            Memory other = pick(all);
            content = other.content();
            entity = other.entity();
        }
        String finalContent = content;
        String finalEntity = entity;
        Memory same = model.state(actor.project()).memories.values().stream()
                .filter(m -> m.owner().equals(scope.owner()) && m.entity().equals(finalEntity) && m.content().equals(finalContent)).findFirst().orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", content);
        body.put("entity_name", entity);
        if (scope.userId() != null) {
            body.put("user_id", scope.userId());
        }
        Response response = api.json(actor, "POST", Api.MEMORY + "/remember", body);
        if (expect(response, same == null ? 201 : 200, null)) {
            UUID id = UUID.fromString(response.json().path("memory_id").asText());
            if (same != null) {
                findings.check(same.id().equals(id), Violation.LEAK, "remembering held content answered memory " + id + ", not the owner's " + same.id());
            } else {
                findings.check(!model.state(actor.project()).memories.containsKey(id) && model.states.stream().noneMatch(s -> s.memories.containsKey(id)),
                        Violation.LEAK, "remembering new content answered memory " + id + ", which another owner holds");
                model.state(actor.project()).memories.put(id, new Memory(id, scope.owner(), entity, content));
            }
        }
    }

    private void get(Actor actor) {
        Scope scope = scope(actor);
        UUID id = targetId(actor);
        Memory memory = visible(actor, scope, id);
        Response response = api.json(actor, "GET", Api.MEMORY + "/memories/" + id + scope.query('?'), null);
        if (expect(response, memory == null ? 404 : 200, memory == null ? "memory_not_found" : null) && memory != null) {
            findings.check(memory.content().equals(response.json().path("content").asText()), Violation.LEAK,
                    "memory " + id + " answered content " + response.json().path("content") + ", the model holds " + memory.content());
        }
    }

    private void patch(Actor actor) {
        Scope scope = scope(actor);
        UUID id = targetId(actor);
        Memory memory = visible(actor, scope, id);
        Response response = api.json(actor, "PATCH", Api.MEMORY + "/memories/" + id + scope.query('?'), Map.of("importance", random.nextInt(11) / 10.0));
        expect(response, memory == null ? 404 : 200, memory == null ? "memory_not_found" : null);
    }

    private void delete(Actor actor) {
        Scope scope = scope(actor);
        UUID id = targetId(actor);
        Memory memory = visible(actor, scope, id);
        Response response = api.json(actor, "DELETE", Api.MEMORY + "/memories/" + id + scope.query('?'), null);
        if (expect(response, memory == null ? 404 : 204, memory == null ? "memory_not_found" : null)) {
            model.state(actor.project()).memories.remove(id);
        }
    }

    /** Every page: exactly the owner's memories of the project. */
    private void list(Actor actor) {
        Scope scope = scope(actor);
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 50; page++) {
            String path = Api.MEMORY + "/memories?limit=" + LIMIT + scope.query('&')
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Response response = api.json(actor, "GET", path, null);
            if (!expect(response, 200, null)) {
                return;
            }
            seen.addAll(uuids(response.json().path("memories"), "memory_id"));
            JsonNode next = response.json().path("next_cursor");
            if (!response.json().path("has_more").asBoolean() || next.isNull() || next.isMissingNode()) {
                break;
            }
            cursor = next.asText();
        }
        expectSet("memory list", seen, model.memoriesOf(actor.project(), scope.owner(), null), true);
    }

    private void recall(Actor actor) {
        Scope scope = scope(actor);
        String entity = random.nextBoolean() ? pick(ENTITIES) : null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query_vector", boxed(embedding(DIMS)));
        body.put("limit", LIMIT);
        if (entity != null) {
            body.put("entity_name", entity);
        }
        if (scope.userId() != null) {
            body.put("user_id", scope.userId());
        }
        Response response = api.json(actor, "POST", Api.MEMORY + "/recall", body);
        if (expect(response, 200, null)) {
            Set<UUID> own = model.memoriesOf(actor.project(), scope.owner(), entity);
            expectSet("recall", uuids(response.json().path("results"), "memory_id"), own, own.size() <= LIMIT);
        }
    }

    /** Forgets the owner's memories of one entity: the count is the owner's, and no one else's go. */
    private void forget(Actor actor) {
        Scope scope = scope(actor);
        String entity = pick(ENTITIES);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entity_name", entity);
        if (scope.userId() != null) {
            body.put("user_id", scope.userId());
        }
        Set<UUID> own = model.memoriesOf(actor.project(), scope.owner(), entity);
        Response response = api.json(actor, "POST", Api.MEMORY + "/forget", body);
        if (expect(response, 200, null)) {
            long deleted = response.json().path("deleted").asLong();
            findings.check(deleted <= own.size(), Violation.LEAK, "forget deleted " + deleted + " memories, the owner holds " + own.size());
            findings.check(deleted >= own.size(), Violation.DENIED, "forget deleted " + deleted + " memories, the owner holds " + own.size());
            model.state(actor.project()).memories.keySet().removeAll(own);
        }
    }

    private void profile(Actor actor) {
        Scope scope = scope(actor);
        Response response = api.json(actor, "GET", Api.MEMORY + "/profile" + scope.query('?'), null);
        if (expect(response, 200, null)) {
            long total = response.json().path("total_memories").asLong();
            long own = model.memoriesOf(actor.project(), scope.owner(), null).size();
            findings.check(total <= own, Violation.LEAK, "profile counts " + total + " memories, the owner holds " + own);
            findings.check(total >= own, Violation.DENIED, "profile counts " + total + " memories, the owner holds " + own);
        }
    }
}
