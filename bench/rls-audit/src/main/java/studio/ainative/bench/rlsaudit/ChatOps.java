package studio.ainative.bench.rlsaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.Findings.Violation;

/**
 * chat-service: completions against devkit's upstream (some streamed, some with memory) and usage reads. Every answered
 * completion is one usage record of its caller; an end user's usage counts only their own, an API key's the project's.
 * A record reaches the database about 50 ms after its answer, so a read must count at least the completions answered
 * {@link #SETTLE_MILLIS} before it and at most all of them.
 */
final class ChatOps extends Operations {

    static final String MODEL = "llama-3.3-70b";
    private static final long SETTLE_MILLIS = 3_000;

    ChatOps(OwnershipModel model, Api api, Findings findings, Random random) {
        super(model, api, findings, random);
    }

    @Override
    List<Op> operations() {
        return List.of(new Op("chat.completion", 5, this::completion), new Op("chat.usage", 3, this::usage));
    }

    /**
     * A completion; a third of them recall the caller's memories of an entity, whose ids the answer names: they must
     * be the caller's own (an API key's are the project's own memories).
     */
    private void completion(Actor actor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", MODEL);
        body.put("messages", List.of(Map.of("role", "user", "content", "audit " + marker())));
        body.put("max_tokens", 16);
        boolean stream = random.nextInt(4) == 0;
        String entity = null;
        if (stream) {
            body.put("stream", true);
        } else if (random.nextInt(3) == 0) {
            entity = pick(MemoryOps.ENTITIES);
            body.put("memory", Map.of("entity_name", entity, "limit", 20));
        }
        Response response = api.json(actor, "POST", Api.CHAT + "/completions", body);
        if (response.status() == 429) {
            findings.check("rate_limit_exceeded".equals(code(response)), Violation.STATUS, "429 without rate_limit_exceeded: " + excerpt(response));
            return;
        }
        if (!expect(response, 200, null)) {
            return;
        }
        model.completed(actor, System.currentTimeMillis());
        if (stream) {
            findings.check(response.text().trim().endsWith("data: [DONE]"), Violation.STATUS, "the stream did not end with [DONE]");
        } else if (entity != null) {
            String owner = actor.isKey() ? MemoryOps.PROJECT_OWNER : model.owner(actor);
            Set<UUID> own = model.memoriesOf(actor.project(), owner, entity);
            expectSet("chat memory.used", uuids(response.json().path("memory").path("used"), null), own, false);
        }
    }

    private void usage(Actor actor) {
        long[] bounds = model.usageBounds(actor, System.currentTimeMillis() - SETTLE_MILLIS);
        Response response = api.json(actor, "GET", Api.CHAT + "/usage", null);
        if (expect(response, 200, null)) {
            JsonNode body = response.json();
            long requests = body.path("totals").path("requests").asLong();
            findings.check(body.path("scope").asText().equals(actor.isKey() ? "project" : "user"), Violation.LEAK, "usage scope " + body.path("scope"));
            findings.check(requests <= bounds[1], Violation.LEAK, "usage counts " + requests + " completions, the actor's scope has " + bounds[1]);
            findings.check(requests >= bounds[0], Violation.DENIED, "usage counts " + requests + " completions, the actor's scope had " + bounds[0] + " settled");
        }
    }
}
