package studio.ainative.devkit.stytch.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.StytchIds;

/**
 * The one place error bodies are made: every failure leaves in Stytch's error shape, and no
 * exception name or stack trace reaches the caller. 4xx are the caller's business and not logged.
 */
public class StytchExceptionMappers {

    private static final Logger LOG = Logger.getLogger(StytchExceptionMappers.class);

    @ServerExceptionMapper
    public Response stytch(StytchException e) {
        return error(e.error().status(), e.error().type(), e.getMessage());
    }

    /**
     * Malformed JSON, or JSON of the wrong type for a field. MismatchedInputException is named
     * because Quarkus ships its own mapper for it, which answers with an empty body.
     */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response unreadableJson(JsonProcessingException e) {
        return error(StytchError.BAD_REQUEST, "Request body is not valid JSON for this endpoint.");
    }

    /** Routing and content negotiation failures raised by the framework itself. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String type = switch (status) {
            case 404 -> StytchError.ROUTE_NOT_FOUND.type();
            case 405 -> StytchError.METHOD_NOT_ALLOWED.type();
            default -> StytchError.BAD_REQUEST.type();
        };
        return error(status, type, e.getResponse().getStatusInfo().getReasonPhrase() + ".");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return error(StytchError.INTERNAL_SERVER_ERROR, StytchError.INTERNAL_SERVER_ERROR.message());
    }

    private static Response error(StytchError error, String message) {
        return error(error.status(), error.type(), message);
    }

    static Response error(int status, String type, String message) {
        StytchErrorResponse body = new StytchErrorResponse(status, StytchIds.requestId(), type, message,
                "https://stytch.com/docs/api-reference/consumer/api/errors/" + status + "#" + type);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
