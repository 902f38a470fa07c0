package studio.ainative.memory.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import studio.ainative.memory.Memory;
import studio.ainative.memory.repository.MemoryRepository;
import studio.ainative.memory.repository.SqlStates;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.platform.auth.rls.RlsTransactions;
import studio.ainative.platform.embeddings.Embedder;

/** Remembering: each unit of database work in one transaction under the caller's row-level security. */
@ApplicationScoped
public class MemoryService {

    private final MemoryRepository memories;
    private final Embedder embedder;
    private final Clock clock;

    public MemoryService(MemoryRepository memories, Embedder embedder, Clock clock) {
        this.memories = memories;
        this.embedder = embedder;
        this.clock = clock;
    }

    /**
     * The same content for the same owner and entity is remembered once: again, it is the existing memory with
     * its access count bumped (never replaced). Embedding happens only for new content, outside any transaction.
     */
    public Uni<Remembered> remember(MemoryAccess access, NewMemory input) {
        String hash = ContentHash.of(input.content());
        return inRls(access, () -> touchSame(access, input.entityName(), hash))
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(new Remembered(existing, false))
                        : OnContext.resume(embedder.embed(List.of(input.content())))
                                .chain(vectors -> inRls(access, () -> insert(access, input, hash, vectors.get(0))))
                                .map(created -> new Remembered(created, true))
                                // A concurrent remember of the same content won the insert: answer with its memory.
                                .onFailure(SqlStates::isUniqueViolation)
                                .recoverWithUni(() -> inRls(access, () -> touchSame(access, input.entityName(), hash))
                                        .map(same -> new Remembered(same, false))));
    }

    private Uni<Memory> touchSame(MemoryAccess access, String entityName, String hash) {
        return memories.findSame(access.projectId(), access.ownerId(), entityName, hash).map(memory -> {
            if (memory != null) {
                memory.accessCount++;
                memory.lastAccessedAt = now();
            }
            return memory;
        });
    }

    private Uni<Memory> insert(MemoryAccess access, NewMemory input, String hash, float[] vector) {
        Instant now = now();
        Memory memory = new Memory();
        memory.id = UUID.randomUUID();
        memory.projectId = access.projectId();
        memory.ownerId = access.ownerId();
        memory.entityName = input.entityName();
        memory.memoryType = input.type().wire();
        memory.content = input.content();
        memory.contentHash = hash;
        memory.importance = input.importance();
        memory.tags = input.tagsJson();
        memory.metadata = input.metadataJson();
        memory.embedding = EmbeddingBytes.encode(vector);
        memory.accessCount = 0;
        memory.createdAt = now;
        memory.updatedAt = now;
        memory.lastAccessedAt = now;
        return memories.persist(memory).call(() -> memories.flush());
    }

    /** PostgreSQL keeps microseconds: answers show what a later read returns. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static <T> Uni<T> inRls(MemoryAccess access, Supplier<Uni<T>> work) {
        return RlsTransactions.withRls(access.rls(), work);
    }
}
