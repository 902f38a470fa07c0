package studio.ainative.zerodb.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import studio.ainative.zerodb.StoredFile;

/** Response bodies of the files API (snake_case on the wire); uploads are multipart. */
public final class FileApi {

    private FileApi() {
    }

    public record FileView(UUID fileId, String fileName, String contentType, long sizeBytes, String sha256, JsonNode metadata,
                           OffsetDateTime createdAt) {
        static FileView of(StoredFile f) {
            return new FileView(f.fileId(), f.fileName(), f.contentType(), f.sizeBytes(), f.sha256(), f.metadata(), f.createdAt());
        }
    }

    public record FileList(List<FileView> files, boolean hasMore, String nextCursor) {
    }
}
