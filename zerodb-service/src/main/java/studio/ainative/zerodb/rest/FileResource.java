package studio.ainative.zerodb.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.StoredFile;
import studio.ainative.zerodb.security.Access;
import studio.ainative.zerodb.security.CallerAccess;
import studio.ainative.zerodb.service.FileService;

@Path("/api/v1/zerodb/files")
@Authenticated
public class FileResource {

    private final FileService files;
    private final CallerAccess caller;

    public FileResource(FileService files, CallerAccess caller) {
        this.files = files;
        this.caller = caller;
    }

    /** Multipart {@code file} (required) and {@code metadata} (optional JSON object). */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<FileApi.FileView>> upload(@RestForm("file") FileUpload file, @RestForm("metadata") String metadata) {
        if (file == null) {
            throw ApiException.badRequest("missing_file", "the multipart body needs a part named 'file'");
        }
        FileService.Upload upload = new FileService.Upload(file.uploadedFile(), file.size(), file.fileName(), file.contentType(), metadata);
        return caller.access().chain(access -> files.store(access, upload))
                .map(f -> RestResponse.status(RestResponse.Status.CREATED, FileApi.FileView.of(f)));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<FileApi.FileList> list(@RestQuery Integer limit, @RestQuery String cursor) {
        return caller.access().chain(access -> files.list(access, limit, cursor)).map(page -> new FileApi.FileList(
                page.items().stream().map(FileApi.FileView::of).toList(), page.hasMore(), page.nextCursor()));
    }

    @GET
    @Path("/{id}/metadata")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<FileApi.FileView> metadata(@RestPath String id) {
        return caller.access().chain(access -> files.describe(access, id)).map(FileApi.FileView::of);
    }

    /** The content, streamed chunk by chunk with the type it was uploaded with. */
    @GET
    @Path("/{id}")
    public RestMulti<Buffer> download(@RestPath String id) {
        record Download(Access access, StoredFile file) {
        }
        Uni<Download> found = caller.access().chain(access -> files.describe(access, id).map(f -> new Download(access, f)));
        return RestMulti.fromUniResponse(found, d -> files.content(d.access(), d.file()), d -> Map.of(
                "Content-Type", List.of(d.file().contentType()),
                "Content-Length", List.of(Long.toString(d.file().sizeBytes())),
                "Content-Disposition", List.of("attachment; filename*=UTF-8''" + URLEncoder.encode(d.file().fileName(),
                        StandardCharsets.UTF_8).replace("+", "%20")),
                "X-Content-Type-Options", List.of("nosniff"),
                "ETag", List.of("\"" + d.file().sha256() + "\"")), d -> 200);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return caller.access().chain(access -> files.delete(access, id)).map(ignored -> RestResponse.noContent());
    }
}
