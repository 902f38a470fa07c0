package studio.ainative.zerodb.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.file.AsyncFile;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.StoredFile;
import studio.ainative.zerodb.config.ZerodbConfig;
import studio.ainative.zerodb.repository.FileRepository;
import studio.ainative.zerodb.security.Access;
import studio.ainative.zerodb.security.ZerodbTransactions;

/**
 * Files stored in PostgreSQL as fixed-size chunks. An upload (already spooled to disk by the HTTP layer) is
 * read one chunk at a time and written in one transaction, so a failed or interrupted upload leaves nothing;
 * a download reads one chunk at a time, so neither ever holds a whole file in memory.
 */
@ApplicationScoped
public class FileService {

    static final int MAX_FILE_NAME_LENGTH = 255;
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    /** type/subtype with optional parameters, nothing that could break a header. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\\s*;\\s*[A-Za-z0-9_.+-]+=[A-Za-z0-9_.+\"-]+){0,4}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZerodbTransactions transactions;
    private final FileRepository files;
    private final Cursors cursors;
    private final Vertx vertx;
    private final ZerodbConfig.Files config;
    private final ZerodbConfig.Limits limits;

    public FileService(ZerodbTransactions transactions, FileRepository files, Cursors cursors, Vertx vertx, ZerodbConfig config) {
        this.transactions = transactions;
        this.files = files;
        this.cursors = cursors;
        this.vertx = vertx;
        this.config = config.files();
        this.limits = config.limits();
    }

    public long maxBytes() {
        return config.maxBytes().asLongValue();
    }

    /** An uploaded file, as the HTTP layer spooled it. */
    public record Upload(Path path, long size, String fileName, String contentType, String metadataJson) {
    }

    public Uni<StoredFile> store(Access access, Upload upload) {
        if (upload.size() > maxBytes()) {
            throw new ApiException(413, "file_too_large", "files are at most " + maxBytes() + " bytes; this one has " + upload.size());
        }
        String fileName = fileName(upload.fileName());
        String contentType = contentType(upload.contentType());
        String metadata = metadata(upload.metadataJson());
        UUID fileId = UUID.randomUUID();
        int chunkBytes = (int) config.chunkBytes().asLongValue();
        return vertx.fileSystem().open(upload.path().toString(), new OpenOptions().setRead(true))
                .chain(file -> transactions.run(access, tx -> files.create(tx, access.projectId(), fileId, access.ownerId(), fileName,
                                        contentType, metadata)
                                .chain(() -> copy(tx, access, fileId, file, chunkBytes, 0, 0, digest())))
                        .eventually(file::close));
    }

    /** Reads chunk {@code seq} at {@code position}, stores it, and goes on until the file ends; then completes the row. */
    private Uni<StoredFile> copy(SqlConnection tx, Access access, UUID fileId, AsyncFile file, int chunkBytes, int seq, long position,
                                 MessageDigest digest) {
        return file.read(Buffer.buffer(chunkBytes), 0, position, chunkBytes).chain(chunk -> {
            if (chunk.length() == 0) {
                if (position > maxBytes()) {
                    throw new ApiException(413, "file_too_large", "files are at most " + maxBytes() + " bytes");
                }
                return files.complete(tx, access.projectId(), fileId, position, HexFormat.of().formatHex(digest.digest()), seq);
            }
            byte[] bytes = chunk.getBytes();
            digest.update(bytes);
            return files.addChunk(tx, access.projectId(), fileId, access.ownerId(), seq, bytes)
                    .chain(() -> copy(tx, access, fileId, file, chunkBytes, seq + 1, position + bytes.length, digest));
        });
    }

    public Uni<StoredFile> describe(Access access, String fileId) {
        UUID id = fileId(fileId);
        return transactions.run(access, tx -> files.find(tx, access.projectId(), id)).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /**
     * The file's content, chunk by chunk, each read in its own short transaction under the caller's RLS
     * context. A file deleted mid-download ends the stream with an error rather than with wrong bytes.
     */
    public Multi<Buffer> content(Access access, StoredFile file) {
        return Multi.createFrom().range(0, file.chunkCount())
                .onItem().transformToUniAndConcatenate(seq -> transactions.run(access,
                        tx -> files.chunk(tx, access.projectId(), file.fileId(), seq))
                        .map(chunk -> chunk.orElseThrow(() -> notFound(file.fileId()))));
    }

    public Uni<Page<StoredFile>> list(Access access, Integer limit, String cursor) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > limits.maxPageSize()) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + limits.maxPageSize());
        }
        OffsetDateTime afterCreated = null;
        UUID afterId = null;
        String scope = "files:" + access.projectId();
        String position = cursors.decode(scope, cursor);
        if (position != null) {
            int split = position.indexOf('|');
            if (split < 0) {
                throw Cursors.invalid();
            }
            afterCreated = Cursors.time(position.substring(0, split));
            try {
                afterId = UUID.fromString(position.substring(split + 1));
            } catch (IllegalArgumentException e) {
                throw Cursors.invalid();
            }
        }
        OffsetDateTime created = afterCreated;
        UUID id = afterId;
        return transactions.run(access, tx -> files.list(tx, access.projectId(), created, id, size + 1)).map(rows -> {
            if (rows.size() <= size) {
                return new Page<>(rows, null);
            }
            List<StoredFile> page = rows.subList(0, size);
            StoredFile last = page.get(size - 1);
            return new Page<>(page, cursors.encode(scope, last.createdAt() + "|" + last.fileId()));
        });
    }

    public Uni<Void> delete(Access access, String fileId) {
        UUID id = fileId(fileId);
        return transactions.run(access, tx -> files.find(tx, access.projectId(), id).chain(found -> {
            StoredFile file = found.orElseThrow(() -> notFound(id));
            if (access.mode() != RlsMode.PROJECT && !file.ownerId().equals(access.ownerId())) {
                throw ApiException.forbidden("not_owner", "file '" + id + "' belongs to another user");
            }
            return files.delete(tx, access.projectId(), id);
        })).invoke(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
        }).replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------

    /** The client's name without any directory part, control characters or quotes; "file" when nothing is left. */
    static String fileName(String name) {
        if (name == null) {
            return "file";
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c) && c != '"').forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        if (result.isEmpty() || result.equals(".") || result.equals("..")) {
            return "file";
        }
        if (result.length() > MAX_FILE_NAME_LENGTH) {
            throw ApiException.badRequest("invalid_file_name", "file names have at most " + MAX_FILE_NAME_LENGTH + " characters");
        }
        return result;
    }

    static String contentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return DEFAULT_CONTENT_TYPE;
        }
        String value = contentType.strip();
        if (!MEDIA_TYPE.matcher(value).matches()) {
            throw ApiException.badRequest("invalid_content_type", "the file part's Content-Type is not a valid media type");
        }
        return value;
    }

    private String metadata(String json) {
        if (json == null || json.isBlank()) {
            return "{}";
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("invalid_metadata", "metadata must be a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_metadata", "metadata must be a JSON object");
        }
        return InputRules.object(node, "metadata", limits.maxMetadataBytes(), "metadata_too_large");
    }

    private static UUID fileId(String fileId) {
        try {
            return UUID.fromString(fileId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("file_not_found", "file '" + fileId + "' not found");
        }
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("file_not_found", "file '" + id + "' not found");
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
