package studio.ainative.chat.usage;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One completion's usage: who asked, which model and upstream answered, tokens, latency and status. */
@Entity
@Table(name = "usage_records")
public class UsageRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "project_id", nullable = false, updatable = false)
    public UUID projectId;

    /** The end user's owner id, or {@code api_key:<key id>}. */
    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    @Column(nullable = false, updatable = false)
    public String model;

    @Column(nullable = false, updatable = false)
    public String upstream;

    @Column(name = "upstream_model", nullable = false, updatable = false)
    public String upstreamModel;

    @Column(name = "prompt_tokens", nullable = false, updatable = false)
    public int promptTokens;

    @Column(name = "completion_tokens", nullable = false, updatable = false)
    public int completionTokens;

    @Column(name = "total_tokens", nullable = false, updatable = false)
    public int totalTokens;

    @Column(name = "latency_ms", nullable = false, updatable = false)
    public int latencyMs;

    @Column(nullable = false, updatable = false)
    public short status;

    @Column(nullable = false, updatable = false)
    public boolean streamed;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "usage_day", nullable = false, updatable = false)
    public LocalDate usageDay;
}
