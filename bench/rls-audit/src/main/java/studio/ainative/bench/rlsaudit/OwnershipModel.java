package studio.ainative.bench.rlsaudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What every object of the audit's projects is and whom it belongs to, and the platform's documented rules of who may
 * see and change it (zerodb-service README, "Row-level security"; memory-service README, "Whose memories"; chat-service
 * README, "Usage records"). The run updates it with every write the platform acknowledged; the checks ask it what a
 * response must contain.
 */
final class OwnershipModel {

    /** A project's ZeroDB RLS setting, as the API key last set it. */
    enum Rls {
        OFF(false, "strict"), STRICT(true, "strict"), OWNER_WRITE(true, "owner_write");

        final boolean enabled;
        final String policy;

        Rls(boolean enabled, String policy) {
            this.enabled = enabled;
            this.policy = policy;
        }
    }

    record Vector(String id, String owner, float[] embedding, String document, String tag) {
    }

    record Row(UUID id, String table, String owner, String marker, String tag) {
    }

    record StoredFile(UUID id, String owner, String name, byte[] content) {
    }

    record Memory(UUID id, String owner, String entity, String content) {
    }

    /** One project's objects, each map in creation order (so a seed picks the same targets run after run). */
    static final class ProjectState {
        Rls rls = Rls.OFF;
        final Map<String, Vector> vectors = new LinkedHashMap<>();
        final Map<String, Map<UUID, Row>> tables = new LinkedHashMap<>();
        final Map<UUID, StoredFile> files = new LinkedHashMap<>();
        final Map<UUID, Memory> memories = new LinkedHashMap<>();
        /** Per usage owner, when each completion the platform answered with 200 was answered (epoch millis). */
        final Map<String, List<Long>> completions = new LinkedHashMap<>();
    }

    final List<AuditProject> projects;
    final List<String> userIds;
    final List<ProjectState> states = new ArrayList<>();

    OwnershipModel(List<AuditProject> projects, List<String> userIds) {
        this.projects = projects;
        this.userIds = userIds;
        projects.forEach(p -> states.add(new ProjectState()));
    }

    ProjectState state(int project) {
        return states.get(project);
    }

    /** The owner id of what the actor writes in zerodb and of its chat usage: the user's qualified id, or the key's. */
    String owner(Actor actor) {
        AuditProject project = projects.get(actor.project());
        return actor.isKey() ? project.keyOwner() : project.ownerOf(userIds.get(actor.user()));
    }

    /** The owner id of the end user {@code user} in {@code project}. */
    String userOwner(int user, int project) {
        return projects.get(project).ownerOf(userIds.get(user));
    }

    // The zerodb rules: project isolation always; API keys project-wide; end users by the project's setting.

    boolean canRead(Actor actor, int project, String owner) {
        if (actor.project() != project) {
            return false;
        }
        return actor.isKey() || state(project).rls != Rls.STRICT || owner.equals(owner(actor));
    }

    boolean canWrite(Actor actor, int project, String owner) {
        if (actor.project() != project) {
            return false;
        }
        return actor.isKey() || state(project).rls == Rls.OFF || owner.equals(owner(actor));
    }

    /** Tables are created and dropped in mode project only: API keys, and end users while RLS is off. */
    boolean projectWide(Actor actor) {
        return actor.isKey() || state(actor.project()).rls == Rls.OFF;
    }

    Set<String> visibleVectors(Actor actor) {
        return state(actor.project()).vectors.values().stream().filter(v -> canRead(actor, actor.project(), v.owner()))
                .map(Vector::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    Set<UUID> visibleRows(Actor actor, String table) {
        return state(actor.project()).tables.getOrDefault(table, Map.of()).values().stream()
                .filter(r -> canRead(actor, actor.project(), r.owner())).map(Row::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    Set<UUID> visibleFiles(Actor actor) {
        return state(actor.project()).files.values().stream().filter(f -> canRead(actor, actor.project(), f.owner()))
                .map(StoredFile::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** A row by id in any table of the project, or null. */
    Row row(int project, UUID id) {
        for (Map<UUID, Row> rows : state(project).tables.values()) {
            Row row = rows.get(id);
            if (row != null) {
                return row;
            }
        }
        return null;
    }

    // memory: one owner per request, whatever the ZeroDB setting.

    /** The memories of {@code owner} in {@code project} (of one entity when {@code entity} is not null). */
    Set<UUID> memoriesOf(int project, String owner, String entity) {
        return state(project).memories.values().stream().filter(m -> m.owner().equals(owner) && (entity == null || m.entity().equals(entity)))
                .map(Memory::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    // chat usage: an end user's own records, an API key's whole project.

    void completed(Actor actor, long at) {
        state(actor.project()).completions.computeIfAbsent(owner(actor), o -> new ArrayList<>()).add(at);
    }

    /** Completions the actor's usage must count: all answered, and those answered before {@code settledBefore}. */
    long[] usageBounds(Actor actor, long settledBefore) {
        Map<String, List<Long>> completions = state(actor.project()).completions;
        List<Long> counted = actor.isKey() ? completions.values().stream().flatMap(List::stream).toList()
                : completions.getOrDefault(owner(actor), List.of());
        long settled = counted.stream().filter(at -> at < settledBefore).count();
        return new long[] {settled, counted.size()};
    }
}
