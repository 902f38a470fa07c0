package studio.ainative.platform.auth.rls;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A resource row as a service would map it: project, owner, payload. The table is RlsDatabase's. */
@Entity
@Table(name = "notes")
public class Note extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "project_id")
    public UUID projectId;

    @Column(name = "owner_id")
    public String ownerId;

    public String body;

    static Note of(UUID projectId, String ownerId, String body) {
        Note note = new Note();
        note.id = UUID.randomUUID();
        note.projectId = projectId;
        note.ownerId = ownerId;
        note.body = body;
        return note;
    }
}
