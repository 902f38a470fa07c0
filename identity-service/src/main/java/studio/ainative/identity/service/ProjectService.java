package studio.ainative.identity.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import studio.ainative.identity.Project;
import studio.ainative.identity.repository.AuditRepository;
import studio.ainative.identity.repository.ProjectRepository;

@ApplicationScoped
public class ProjectService {

    public record BootstrappedProject(Project project, ApiKeyService.CreatedKey firstKey) {
    }

    private final Pool pool;
    private final ProjectRepository projects;
    private final ApiKeyService apiKeys;
    private final AuditRepository audit;

    public ProjectService(Pool pool, ProjectRepository projects, ApiKeyService apiKeys, AuditRepository audit) {
        this.pool = pool;
        this.projects = projects;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    /** Creates a project and its first API key in one transaction. */
    public Uni<BootstrappedProject> bootstrap(String name) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(tx -> projects.insert(tx, id, name)
                .call(p -> audit.append(tx, id, "admin", "project.created", "project", id.toString(), Map.of("name", name)))
                .chain(p -> apiKeys.create(tx, id, "initial", "admin").map(key -> new BootstrappedProject(p, key))));
    }
}
