package studio.ainative.memory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One remembered fact of one owner (an end user, or a project for an API key without {@code user_id}).
 * Tags and metadata are JSON text here and {@code jsonb} in the table; the embedding, its norm and its sign
 * code are stored as platform-vectors' {@code EncodedVector} encodes them.
 */
@Entity
@Table(name = "memories")
public class Memory extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "project_id", nullable = false, updatable = false)
    public UUID projectId;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    @Column(name = "entity_name", nullable = false)
    public String entityName;

    @Column(name = "memory_type", nullable = false)
    public String memoryType;

    @Column(nullable = false)
    public String content;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(nullable = false)
    public double importance;

    @Column(nullable = false)
    @ColumnTransformer(read = "tags::text", write = "CAST(CAST(? AS text) AS jsonb)")
    public String tags;

    @Column(nullable = false)
    @ColumnTransformer(read = "metadata::text", write = "CAST(CAST(? AS text) AS jsonb)")
    public String metadata;

    @Column(nullable = false)
    public byte[] embedding;

    /** The embedding's norm, as platform-vectors' {@code EncodedVector} computes it. */
    @Column(nullable = false)
    public double norm;

    /** The embedding's sign code ({@code bit varying} in the table), recall's coarse pass. */
    @Column(nullable = false)
    @ColumnTransformer(read = "code::text", write = "CAST(CAST(? AS text) AS varbit)")
    public String code;

    @Column(name = "access_count", nullable = false)
    public long accessCount;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_accessed_at", nullable = false)
    public Instant lastAccessedAt;
}
