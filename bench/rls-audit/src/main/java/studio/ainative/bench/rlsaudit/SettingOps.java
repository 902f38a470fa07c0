package studio.ainative.bench.rlsaudit;

import java.util.List;
import java.util.Map;
import java.util.Random;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.Findings.Violation;
import studio.ainative.bench.rlsaudit.OwnershipModel.Rls;

/**
 * The project's RLS setting, switched at random by its API key between off, strict and owner_write (every policy the
 * API offers), read back, and refused to end users and other projects' keys; and requests whose {@code X-Project-ID}
 * names a project the credential does not belong to.
 */
final class SettingOps extends Operations {

    private static final List<String> FOREIGN_PATHS = List.of(Api.ZERODB + "/vectors?namespace=" + VectorOps.NAMESPACE,
            Api.ZERODB + "/files", Api.ZERODB + "/tables", Api.MEMORY + "/memories", Api.CHAT + "/usage");

    SettingOps(OwnershipModel model, Api api, Findings findings, Random random) {
        super(model, api, findings, random);
    }

    @Override
    List<Op> operations() {
        return List.of(new Op("rls.set", 4, this::set), new Op("rls.get", 1, this::get), new Op("foreign_project_header", 4, this::foreignHeader));
    }

    private String path(int project) {
        return Api.ZERODB + "/projects/" + model.projects.get(project).id() + "/rls";
    }

    /** Sets a project's setting: the actor's own key succeeds; an end user or another project's key is refused. */
    void set(Actor actor) {
        int project = actor.isKey() && random.nextInt(6) == 0 ? targetProject(actor) : actor.project();
        Rls rls = Rls.values()[random.nextInt(Rls.values().length)];
        int status = !actor.isKey() ? 403 : project != actor.project() ? 403 : 200;
        Response response = api.json(actor, "POST", path(project), Map.of("enabled", rls.enabled, "user_id_claim", "sub", "policy", rls.policy));
        if (expect(response, status, !actor.isKey() ? "api_key_required" : status == 403 ? "project_mismatch" : null)) {
            findings.check(response.json().path("enabled").asBoolean() == rls.enabled && rls.policy.equals(response.json().path("policy").asText()),
                    Violation.STATUS, "the RLS setting answered " + response.text());
            model.state(project).rls = rls;
        }
    }

    void set(Actor key, Rls rls) {
        Response response = api.json(key, "POST", path(key.project()), Map.of("enabled", rls.enabled, "user_id_claim", "sub", "policy", rls.policy));
        if (expect(response, 200, null)) {
            model.state(key.project()).rls = rls;
        }
    }

    private void get(Actor actor) {
        int project = actor.isKey() && random.nextInt(6) == 0 ? targetProject(actor) : actor.project();
        int status = !actor.isKey() || project != actor.project() ? 403 : 200;
        Response response = api.json(actor, "GET", path(project), null);
        if (expect(response, status, !actor.isKey() ? "api_key_required" : status == 403 ? "project_mismatch" : null)) {
            Rls rls = model.state(project).rls;
            findings.check(response.json().path("enabled").asBoolean() == rls.enabled && rls.policy.equals(response.json().path("policy").asText()),
                    Violation.STATUS, "the RLS setting reads " + response.text() + ", the model says " + rls);
        }
    }

    /**
     * A key with another audit project's id, or any credential with a project id that exists nowhere: refused before
     * any service reads data (403 project_mismatch). An end user with another audit project's id is not foreign: that
     * project registered the same Stytch project, and the user acts there as that project's user.
     */
    private void foreignHeader(Actor actor) {
        Actor foreign = actor.isKey() && random.nextBoolean() ? Actor.key(actor.project(), Actor.Header.OTHER_PROJECT)
                : new Actor(actor.project(), actor.user(), Actor.Header.UNKNOWN_PROJECT);
        findings.context("foreign_project_header " + foreign);
        Response response = api.json(foreign, "GET", pick(FOREIGN_PATHS), null);
        expect(response, 403, "project_mismatch");
    }
}
