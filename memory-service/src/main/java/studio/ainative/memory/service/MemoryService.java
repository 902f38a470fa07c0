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
import studio.ainative.memory.MemoryType;
import studio.ainative.memory.repository.MemoryRepository;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.platform.auth.rls.RlsTransactions;
import studio.ainative.platform.embeddings.Embedder;
import studio.ainative.platform.vectors.EncodedVector;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.SqlStates;

/** Remembering, reading, changing and forgetting memories: each unit of database work in one transaction under the caller's row-level security. */
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
                                .onFailure(MemoryService::isUniqueViolation)
                                .recoverWithUni(() -> inRls(access, () -> touchSame(access, input.entityName(), hash))
                                        .map(same -> new Remembered(same, false))));
    }

    /** The caller's memory; 404 when it does not exist or is someone else's (RLS hides it). */
    public Uni<Memory> get(MemoryAccess access, UUID id) {
        return inRls(access, () -> memories.findOwn(access, id)).map(MemoryService::found);
    }

    public Uni<Void> delete(MemoryAccess access, UUID id) {
        return inRls(access, () -> memories.deleteOwn(access, id)).map(deleted -> {
            if (deleted == 0) {
                throw notFound();
            }
            return null;
        });
    }

    /**
     * Changes the members given. New content is embedded again (before the transaction, off the event loop);
     * content another memory of the same entity already holds is 409 {@code memory_exists}.
     */
    public Uni<Memory> update(MemoryAccess access, UUID id, MemoryChange change) {
        Uni<float[]> embedding = change.content() == null ? Uni.createFrom().nullItem()
                : OnContext.resume(embedder.embed(List.of(change.content()))).map(vectors -> vectors.get(0));
        return embedding.chain(vector -> inRls(access, () -> memories.findOwn(access, id).map(MemoryService::found)
                        .chain(memory -> {
                            apply(memory, change, vector);
                            return memories.flush().replaceWith(memory);
                        })))
                .onFailure(MemoryService::isUniqueViolation)
                .transform(e -> ApiException.conflict("memory_exists", "this entity already has a memory with that content"));
    }

    private void apply(Memory memory, MemoryChange change, float[] vector) {
        if (change.content() != null) {
            memory.content = change.content();
            memory.contentHash = ContentHash.of(change.content());
            store(memory, vector);
        }
        if (change.importance() != null) {
            memory.importance = change.importance();
        }
        if (change.tagsJson() != null) {
            memory.tags = change.tagsJson();
        }
        if (change.metadataJson() != null) {
            memory.metadata = change.metadataJson();
        }
        memory.updatedAt = now();
    }

    /** Deletes the caller's own memories matching every filter given; how many. */
    public Uni<Long> forget(MemoryAccess access, String entityName, MemoryType type, Instant before) {
        return inRls(access, () -> memories.forget(access, entityName, type, before));
    }

    private static Memory found(Memory memory) {
        if (memory == null) {
            throw notFound();
        }
        return memory;
    }

    static ApiException notFound() {
        return ApiException.notFound("memory_not_found", "no such memory");
    }

    private Uni<Memory> touchSame(MemoryAccess access, String entityName, String hash) {
        return memories.findSame(access, entityName, hash).map(memory -> {
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
        store(memory, vector);
        memory.accessCount = 0;
        memory.createdAt = now;
        memory.updatedAt = now;
        memory.lastAccessedAt = now;
        return memories.persist(memory).call(() -> memories.flush());
    }

    /** The embedding as platform-vectors encodes it: float32 bytes, norm and sign code. */
    private static void store(Memory memory, float[] vector) {
        EncodedVector encoded = EncodedVector.of(vector);
        memory.embedding = encoded.bytes();
        memory.norm = encoded.norm();
        memory.code = encoded.code();
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return SqlStates.is(failure, SqlStates.UNIQUE_VIOLATION);
    }

    /** PostgreSQL keeps microseconds: answers show what a later read returns. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static <T> Uni<T> inRls(MemoryAccess access, Supplier<Uni<T>> work) {
        return RlsTransactions.withRls(access.rls(), work);
    }
}
