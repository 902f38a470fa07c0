package studio.ainative.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details with a stable {@code code} member, as every platform service answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String code, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String code, String detail) {
        return builder(status, code, detail).build();
    }

    /** An {@link ApiException} as answered, with {@code Retry-After} when it names one. */
    public static Response response(ApiException e) {
        Response.ResponseBuilder response = builder(e.status(), e.code(), e.getMessage());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    public static Response.ResponseBuilder builder(int status, String code, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(of(status, code, detail));
    }

    /** The problem itself, titled with the status's reason phrase (for answers written without JAX-RS). */
    public static Problem of(int status, String code, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return new Problem("about:blank", known == null ? "Error" : known.getReasonPhrase(), status, code, detail);
    }
}
