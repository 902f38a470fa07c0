package studio.ainative.chat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.platform.auth.PlatformAuthException;
import studio.ainative.platform.web.ApiException;

/**
 * Every failure of the REST endpoints (models, usage) in OpenAI's envelope. Priorities above platform-web's and
 * platform-auth's problem+json mappers: this service speaks OpenAI's format only.
 */
public class OpenAiErrorMappers {

    private static final Logger LOG = Logger.getLogger(OpenAiErrorMappers.class);
    private static final int BEFORE_SHARED = 1;

    private final AuthFailures auth;

    public OpenAiErrorMappers(AuthFailures auth) {
        this.auth = auth;
    }

    static Response response(OpenAiError error) {
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(error.body());
        error.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper(priority = BEFORE_SHARED)
    public Response openAi(OpenAiError error) {
        return response(error);
    }

    @ServerExceptionMapper(value = {AuthenticationFailedException.class, UnauthorizedException.class, ForbiddenException.class,
            PlatformAuthException.class}, priority = BEFORE_SHARED)
    public Response security(RuntimeException failure) {
        return response(auth.of(failure).orElseThrow());
    }

    @ServerExceptionMapper(priority = BEFORE_SHARED)
    public Response api(ApiException e) {
        return response(new OpenAiError(e.status(), e.status() >= 500 ? OpenAiError.SERVER : OpenAiError.INVALID_REQUEST, e.code(), null,
                e.getMessage()));
    }

    @ServerExceptionMapper(priority = BEFORE_SHARED)
    public Response json(JsonProcessingException e) {
        return response(OpenAiError.invalid(null, "invalid_json", "We could not parse the JSON body of your request."));
    }

    @ServerExceptionMapper(priority = BEFORE_SHARED)
    public Response notFound(NotFoundException e) {
        return response(new OpenAiError(404, OpenAiError.INVALID_REQUEST, "not_found", null, "No such endpoint."));
    }

    @ServerExceptionMapper(priority = BEFORE_SHARED)
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return response(new OpenAiError(status, status >= 500 ? OpenAiError.SERVER : OpenAiError.INVALID_REQUEST, "http_" + status, null,
                e.getResponse().getStatusInfo().getReasonPhrase()));
    }

    @ServerExceptionMapper(priority = BEFORE_SHARED + 1)
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return response(new OpenAiError(500, OpenAiError.SERVER, "internal_error", null, "The server had an error processing your request."));
    }
}
