package studio.ainative.platform.embeddings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An OpenAI-compatible embeddings endpoint. Only {@link RemoteOpenAiEmbedder} calls it. */
@Path("/embeddings")
interface OpenAiEmbeddingsApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<EmbeddingsResponse> embeddings(@HeaderParam("Authorization") String authorization, EmbeddingsRequest request);

    /**
     * 408, 429 and 5xx are transient. 400, 413 and 422 refuse the texts themselves (too long, empty); any other
     * 4xx refuses the request (key, model, URL): neither is retried.
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status == 408 || status == 429 || status >= 500) {
            return new EmbeddingException("embedding endpoint answered " + status, true, null);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new TextNotEmbeddableException("embedding endpoint refused the texts with " + status);
        }
        return new EmbeddingRejectedException("embedding endpoint refused the request with " + status);
    }

    record EmbeddingsRequest(String model, List<String> input, @JsonProperty("encoding_format") String encodingFormat) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EmbeddingsResponse(List<Item> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(int index, float[] embedding) {
    }
}
