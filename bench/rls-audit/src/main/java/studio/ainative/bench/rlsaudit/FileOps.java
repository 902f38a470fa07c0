package studio.ainative.bench.rlsaudit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.Findings.Violation;
import studio.ainative.bench.rlsaudit.OwnershipModel.StoredFile;

/** ZeroDB files: upload, download, describe, list and delete. */
final class FileOps extends Operations {

    FileOps(OwnershipModel model, Api api, Findings findings, Random random) {
        super(model, api, findings, random);
    }

    @Override
    List<Op> operations() {
        return List.of(new Op("file.upload", 7, this::upload), new Op("file.download", 5, this::download),
                new Op("file.describe", 4, this::describe), new Op("file.delete", 4, this::delete), new Op("file.list", 4, this::list));
    }

    /** A file of the target project (someone's, deliberately), or a made-up id. */
    private UUID targetId(Actor actor) {
        List<UUID> held = new ArrayList<>(model.state(targetProject(actor)).files.keySet());
        return held.isEmpty() || random.nextInt(10) == 0 ? UUID.nameUUIDFromBytes(marker().getBytes(StandardCharsets.UTF_8)) : pick(held);
    }

    private StoredFile visible(Actor actor, UUID id) {
        StoredFile held = model.state(actor.project()).files.get(id);
        return held != null && model.canRead(actor, actor.project(), held.owner()) ? held : null;
    }

    private void upload(Actor actor) {
        String name = "f-" + marker() + ".txt";
        byte[] content = ("audit file " + marker() + "\n").repeat(1 + random.nextInt(20)).getBytes(StandardCharsets.UTF_8);
        Response response = api.upload(actor, name, content, "{\"audit\": true}");
        if (expect(response, 201, null)) {
            UUID id = UUID.fromString(response.json().path("file_id").asText());
            model.state(actor.project()).files.put(id, new StoredFile(id, model.owner(actor), name, content));
        }
    }

    private void download(Actor actor) {
        UUID id = targetId(actor);
        StoredFile file = visible(actor, id);
        Response response = api.json(actor, "GET", Api.ZERODB + "/files/" + id, null);
        if (expect(response, file == null ? 404 : 200, file == null ? "file_not_found" : null) && file != null) {
            findings.check(Arrays.equals(file.content(), response.body()), Violation.LEAK, "file " + id + " downloaded other bytes than its owner uploaded");
        }
    }

    private void describe(Actor actor) {
        UUID id = targetId(actor);
        StoredFile file = visible(actor, id);
        Response response = api.json(actor, "GET", Api.ZERODB + "/files/" + id + "/metadata", null);
        if (expect(response, file == null ? 404 : 200, file == null ? "file_not_found" : null) && file != null) {
            findings.check(file.name().equals(response.json().path("file_name").asText()), Violation.LEAK,
                    "file " + id + " is described as " + response.json().path("file_name") + ", the model holds " + file.name());
        }
    }

    private void delete(Actor actor) {
        UUID id = targetId(actor);
        StoredFile file = visible(actor, id);
        int status = file == null ? 404 : model.canWrite(actor, actor.project(), file.owner()) ? 204 : 403;
        Response response = api.json(actor, "DELETE", Api.ZERODB + "/files/" + id, null);
        if (expect(response, status, status == 404 ? "file_not_found" : status == 403 ? "not_owner" : null)) {
            model.state(actor.project()).files.remove(id);
        }
    }

    private void list(Actor actor) {
        Response response = api.json(actor, "GET", Api.ZERODB + "/files?limit=1000", null);
        if (expect(response, 200, null)) {
            expectSet("file list", uuids(response.json().path("files"), "file_id"), model.visibleFiles(actor), !response.json().path("has_more").asBoolean());
        }
    }
}
