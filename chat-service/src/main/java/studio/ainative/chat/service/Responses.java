package studio.ainative.chat.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import studio.ainative.chat.rest.OpenAiError;

/** Writes answers of the completions route on the Vert.x response. */
@ApplicationScoped
public class Responses {

    private final ObjectMapper json;

    public Responses(ObjectMapper json) {
        this.json = json;
    }

    /** The error in OpenAI's envelope with its headers; nothing when the answer already began (a stream). */
    public void error(HttpServerResponse response, OpenAiError error) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(error.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(error.status());
        error.headers().forEach(response::putHeader);
        response.putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }

    /** A JSON answer with extra headers. */
    public void json(HttpServerResponse response, int status, Map<String, String> headers, Buffer body) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        response.putHeader("Content-Type", "application/json").end(body);
    }
}
