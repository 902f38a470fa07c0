package studio.ainative.platform.web;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * The RFC 9457 {@link Problem} as every operation's error body: identity, zerodb and memory. A 401 of an
 * operation that requires authentication is platform-auth's challenge, which has no body.
 */
public class ProblemConventions extends OpenApiConventions {

    public ProblemConventions() {
        super(Problem.MEDIA_TYPE, "Problem",
                "An error: RFC 9457 problem details with a stable `code` (the service README lists each status and code)",
                Map.of("401", "no credential, or one identity did not accept: no body, `WWW-Authenticate: Bearer` "
                        + "(`Bearer error=\"invalid_token\"` for a refused one)"));
    }

    @Override
    protected Schema schema() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details; `code` is stable, `detail` is for people")
                .addProperty("type", property(SchemaType.STRING, "always `about:blank`"))
                .addProperty("title", property(SchemaType.STRING, "the status's reason phrase"))
                .addProperty("status", property(SchemaType.INTEGER, "the HTTP status"))
                .addProperty("code", property(SchemaType.STRING, "a stable machine-readable code, e.g. `invalid_request`"))
                .addProperty("detail", property(SchemaType.STRING, "what went wrong, for people"))
                .addRequired("type").addRequired("title").addRequired("status").addRequired("code");
    }
}
