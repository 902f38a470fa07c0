package studio.ainative.chat.rest;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import studio.ainative.platform.web.OpenApiConventions;

/** {@link OpenAiError}'s envelope as every operation's error body in chat-service's OpenAPI document, 401s included. */
public class OpenAiConventions extends OpenApiConventions {

    public OpenAiConventions() {
        super("application/json", "OpenAiError", "An error in OpenAI's envelope (the README lists each status, type and code)", Map.of());
    }

    @Override
    protected Schema schema() {
        Schema error = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("message", property(SchemaType.STRING, "what went wrong, for people"))
                .addProperty("type", property(SchemaType.STRING, "e.g. `invalid_request_error`, `rate_limit_error`, `upstream_error`"))
                .addProperty("param", property(SchemaType.STRING, "the request member at fault, or null").addType(SchemaType.NULL))
                .addProperty("code", property(SchemaType.STRING, "a stable code, e.g. `model_not_found`, or null").addType(SchemaType.NULL))
                .addRequired("message").addRequired("type").addRequired("param").addRequired("code");
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("OpenAI's error envelope, which the official clients raise as their APIError")
                .addProperty("error", error)
                .addRequired("error");
    }
}
