package studio.ainative.identity.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.identity.ApiException;

/** The one place that turns failures into problem+json. 4xx are expected and not logged as errors. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return Problem.response(e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownMember(UnrecognizedPropertyException e) {
        return Problem.response(400, "invalid_request", "unknown member '" + e.getPropertyName() + "'");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return Problem.response(400, "malformed_json", "request body is not valid JSON for this endpoint");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return Problem.response(status, "internal_error", "internal error");
        }
        if (e.getCause() instanceof JsonProcessingException) {
            return Problem.response(400, "malformed_json", "request body is not valid JSON for this endpoint");
        }
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "invalid_request";
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        return Problem.response(status, code, known == null ? "request refused" : known.getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unhandled failure", e);
        return Problem.response(500, "internal_error", "internal error");
    }
}
