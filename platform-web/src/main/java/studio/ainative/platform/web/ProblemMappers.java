package studio.ainative.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Failures every service shares, as problem+json: {@link ApiException}, bodies that are not the JSON
 * an endpoint takes, the framework's own refusals (404, 405, 413, 415, ...), an unreachable database
 * (503 {@code database_unavailable} with {@code Retry-After}, see {@link UnreachableDatabase}), a database
 * refusal with a SQLSTATE {@link SqlStates} maps and, last, anything unexpected (500, logged; never its
 * message). 4xx are expected and not logged as errors. A service adds mappers for its own failure types
 * next to these.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return Problem.response(e);
    }

    @ServerExceptionMapper
    public Response unknownMember(UnrecognizedPropertyException e) {
        return Problem.response(400, "invalid_request", "unknown member '" + e.getPropertyName() + "'");
    }

    @ServerExceptionMapper
    public Response tooDeep(StreamConstraintsException e) {
        return Problem.response(400, "malformed_json", "request body nests too deeply or holds too large a value");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return Problem.response(400, "malformed_json", "request body is not valid JSON for this endpoint");
    }

    /**
     * A value of the wrong type (a string where a number goes). More specific than {@link #malformedJson}, so it
     * takes precedence over quarkus-rest-jackson's own mapper, which would answer plain JSON echoing the value.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return Problem.response(400, "malformed_json", "request body is not valid JSON for this endpoint");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return Problem.response(status, "internal_error", "internal error");
        }
        Throwable cause = e.getCause();
        if (cause instanceof ApiException api) {
            return apiException(api);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return unknownMember(unknown);
        }
        if (cause instanceof JsonProcessingException) {
            return Problem.response(400, "malformed_json", "request body is not valid JSON for this endpoint");
        }
        String code = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "invalid_request";
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        Response.ResponseBuilder response = Problem.builder(status, code, known == null ? "request refused" : known.getReasonPhrase());
        String challenge = e.getResponse().getHeaderString("WWW-Authenticate");
        if (challenge != null) {
            response.header("WWW-Authenticate", challenge);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        ApiException unavailable = UnreachableDatabase.toApi(e);
        if (unavailable != null) {
            LOG.warnf("database unreachable: %s", e.toString());
            return Problem.response(unavailable);
        }
        ApiException refused = SqlStates.toApi(e);
        if (refused != null) {
            return Problem.response(refused);
        }
        LOG.error("unhandled failure", e);
        return Problem.response(500, "internal_error", "internal error");
    }
}
