package studio.ainative.zerodb.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import studio.ainative.zerodb.StoredFile;

/** Files and their content chunks. A file is written in one transaction, so it appears whole or not at all. */
@ApplicationScoped
public class FileRepository {

    private static final String COLUMNS = "file_id, owner_id, file_name, content_type, size_bytes, sha256, chunk_count, metadata, created_at";

    /** The file's row, before its chunks; {@link #complete} fills in size, digest and chunk count. */
    public Uni<Void> create(SqlConnection tx, UUID projectId, UUID fileId, String ownerId, String fileName, String contentType,
                            String metadataJson) {
        return tx.preparedQuery("INSERT INTO files (file_id, project_id, owner_id, file_name, content_type, size_bytes, sha256, "
                        + "chunk_count, metadata) VALUES ($1, $2, $3, $4, $5, 0, '', 0, $6::text::jsonb)")
                .execute(Tuple.of(fileId, projectId, ownerId, fileName, contentType, metadataJson)).replaceWithVoid();
    }

    public Uni<Void> addChunk(SqlConnection tx, UUID projectId, UUID fileId, String ownerId, int seq, byte[] data) {
        return tx.preparedQuery("INSERT INTO file_chunks (file_id, seq, project_id, owner_id, data) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(fileId, seq, projectId, ownerId, io.vertx.core.buffer.Buffer.buffer(data))).replaceWithVoid();
    }

    public Uni<StoredFile> complete(SqlConnection tx, UUID projectId, UUID fileId, long size, String sha256, int chunks) {
        return tx.preparedQuery("UPDATE files SET size_bytes = $3, sha256 = $4, chunk_count = $5 WHERE project_id = $1 AND file_id = $2 "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(projectId, fileId, size, sha256, chunks))
                .map(rows -> file(rows.iterator().next()));
    }

    public Uni<Optional<StoredFile>> find(SqlConnection tx, UUID projectId, UUID fileId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM files WHERE project_id = $1 AND file_id = $2")
                .execute(Tuple.of(projectId, fileId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(file(rows.iterator().next())));
    }

    /** One chunk's bytes; empty when the file (or the caller's right to it) is gone. */
    public Uni<Optional<Buffer>> chunk(SqlConnection tx, UUID projectId, UUID fileId, int seq) {
        return tx.preparedQuery("SELECT data FROM file_chunks WHERE file_id = $1 AND seq = $2 AND project_id = $3")
                .execute(Tuple.of(fileId, seq, projectId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBuffer("data")));
    }

    /** A page of visible files, oldest first, after the given position. */
    public Uni<List<StoredFile>> list(SqlConnection tx, UUID projectId, OffsetDateTime afterCreated, UUID afterId, int limit) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM files WHERE project_id = $1 "
                        + "AND ($2::timestamptz IS NULL OR (created_at, file_id) > ($2, $3)) ORDER BY created_at, file_id LIMIT $4")
                .execute(Tuple.of(projectId, afterCreated, afterId, limit))
                .map(rows -> {
                    List<StoredFile> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> out.add(file(row)));
                    return out;
                });
    }

    /** Deletes the file; its chunks go with it (foreign key cascade). */
    public Uni<Boolean> delete(SqlConnection tx, UUID projectId, UUID fileId) {
        return tx.preparedQuery("DELETE FROM files WHERE project_id = $1 AND file_id = $2")
                .execute(Tuple.of(projectId, fileId)).map(rows -> rows.rowCount() == 1);
    }

    private static StoredFile file(Row row) {
        return new StoredFile(row.getUUID("file_id"), row.getString("owner_id"), row.getString("file_name"),
                row.getString("content_type"), row.getLong("size_bytes"), row.getString("sha256"), row.getInteger("chunk_count"),
                Json.read(row.getValue("metadata")), row.getOffsetDateTime("created_at"));
    }
}
