package studio.ainative.chat.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import studio.ainative.chat.config.ChatConfig;
import studio.ainative.chat.rest.OpenAiError;
import studio.ainative.chat.service.CompletionRequest.MemoryOptions;
import studio.ainative.chat.upstream.ModelCatalog;
import studio.ainative.chat.upstream.ModelCatalog.Route;

/**
 * Validates a completion body before anything is sent upstream. What OpenAI itself refuses with a 400 is
 * refused here the same way, naming the member in {@code param}; members this service does not know are
 * passed on for the upstream to judge, as OpenAI-compatible proxies do.
 */
@ApplicationScoped
public class CompletionRequests {

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> MEMORY_MEMBERS = Set.of("entity_name", "limit", "remember");
    private static final int MAX_NAME = 256;

    private final ModelCatalog catalog;
    private final ChatConfig config;
    private final ObjectMapper json;

    public CompletionRequests(ModelCatalog catalog, ChatConfig config, ObjectMapper mapper) {
        this.catalog = catalog;
        this.config = config;
        // Nesting bounded well below what any chat body needs, so a hostile body cannot exhaust the stack.
        this.json = mapper.copy();
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        this.json.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public CompletionRequest parse(byte[] bytes) {
        if (bytes.length > config.maxBodyBytes()) {
            throw OpenAiError.invalid(null, "request_too_large",
                    "The request body is larger than " + config.maxBodyBytes() + " bytes.");
        }
        JsonNode root;
        try {
            root = bytes.length == 0 ? null : json.readTree(bytes);
        } catch (IOException e) {
            throw OpenAiError.invalid(null, "invalid_json",
                    "We could not parse the JSON body of your request. The body must be a JSON object.");
        }
        if (!(root instanceof ObjectNode body)) {
            throw OpenAiError.invalid(null, "invalid_json",
                    "We could not parse the JSON body of your request. The body must be a JSON object.");
        }
        Route route = route(body.get("model"));
        Optional<String> lastUserText = messages(body.get("messages"));
        positive(body, "max_tokens", route.maxTokens());
        positive(body, "max_completion_tokens", route.maxTokens());
        choices(body.get("n"), route);
        boolean stream = bool(body.get("stream"), "stream");
        boolean includeUsage = streamOptions(body.get("stream_options"), stream);
        Optional<MemoryOptions> memory = memory(body.get("memory"));

        ObjectNode upstream = body.deepCopy();
        upstream.remove("memory");
        if (stream) {
            upstream.putObject("stream_options").put("include_usage", true);
        }
        return new CompletionRequest(upstream, route, stream, includeUsage, memory, lastUserText);
    }

    private Route route(JsonNode model) {
        if (model == null || model.isNull()) {
            throw OpenAiError.invalid("model", "missing_required_parameter", "You must provide a model parameter.");
        }
        if (!model.isTextual() || model.asText().isEmpty() || model.asText().length() > MAX_NAME) {
            throw OpenAiError.invalid("model", "invalid_type", "model must be a model id (a string).");
        }
        return catalog.find(model.asText()).orElseThrow(() -> new OpenAiError(404, OpenAiError.INVALID_REQUEST, "model_not_found",
                "model", "The model '" + model.asText() + "' does not exist or you do not have access to it."));
    }

    /** Checks every message; answers the text of the last user message. */
    private static Optional<String> messages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw OpenAiError.invalid("messages", "missing_required_parameter", "You must provide messages.");
        }
        if (!messages.isArray()) {
            throw OpenAiError.invalid("messages", "invalid_type", "messages must be an array.");
        }
        if (messages.isEmpty()) {
            throw OpenAiError.invalid("messages", "empty_array", "messages must contain at least one message.");
        }
        String lastUser = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages[" + i + "]";
            if (!message.isObject()) {
                throw OpenAiError.invalid(at, "invalid_type", at + " must be an object.");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw OpenAiError.invalid(at + ".role", "missing_required_parameter", at + ".role is required.");
            }
            if (!ROLES.contains(role.asText())) {
                throw OpenAiError.invalid(at + ".role", "invalid_value", "Invalid value '" + abbreviate(role.asText())
                        + "' for " + at + ".role: expected one of system, developer, user, assistant, tool, function.");
            }
            JsonNode content = message.get("content");
            boolean contentOptional = "assistant".equals(role.asText()) || "function".equals(role.asText());
            if (content == null || content.isNull()) {
                if (!contentOptional) {
                    throw OpenAiError.invalid(at + ".content", "missing_required_parameter", at + ".content is required.");
                }
            } else if (!content.isTextual() && !content.isArray()) {
                throw OpenAiError.invalid(at + ".content", "invalid_type", at + ".content must be a string or an array of parts.");
            } else if (content.isArray()) {
                for (int p = 0; p < content.size(); p++) {
                    JsonNode part = content.get(p);
                    if (!part.isObject() || !part.path("type").isTextual()) {
                        throw OpenAiError.invalid(at + ".content[" + p + "]", "invalid_type",
                                at + ".content[" + p + "] must be an object with a type.");
                    }
                }
            }
            if ("tool".equals(role.asText()) && !message.path("tool_call_id").isTextual()) {
                throw OpenAiError.invalid(at + ".tool_call_id", "missing_required_parameter", "A tool message needs tool_call_id.");
            }
            if ("user".equals(role.asText())) {
                lastUser = text(content);
            }
        }
        return Optional.ofNullable(lastUser).filter(text -> !text.isBlank());
    }

    /** A message's text: the string, or its text parts joined. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    private static void positive(ObjectNode body, String member, int max) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw OpenAiError.invalid(member, "invalid_type", member + " must be an integer.");
        }
        if (value.asInt() < 1) {
            throw OpenAiError.invalid(member, "integer_below_min_value", member + " must be at least 1.");
        }
        if (value.asInt() > max) {
            throw OpenAiError.invalid(member, "integer_above_max_value", member + " is too large: this model supports at most "
                    + max + " completion tokens.");
        }
    }

    private static void choices(JsonNode n, Route route) {
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw OpenAiError.invalid("n", "invalid_value", "n must be a positive integer.");
        }
        if (n.asInt() > route.maxN()) {
            throw OpenAiError.invalid("n", "integer_above_max_value", route.maxN() == 1
                    ? "This model returns one choice: n must be 1." : "n must be at most " + route.maxN() + " for this model.");
        }
    }

    private static boolean bool(JsonNode value, String param) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw OpenAiError.invalid(param, "invalid_type", param + " must be a boolean.");
        }
        return value.asBoolean();
    }

    private static boolean streamOptions(JsonNode options, boolean stream) {
        if (options == null || options.isNull()) {
            return false;
        }
        if (!stream) {
            throw OpenAiError.invalid("stream_options", "invalid_value", "stream_options is only allowed when stream is true.");
        }
        if (!options.isObject()) {
            throw OpenAiError.invalid("stream_options", "invalid_type", "stream_options must be an object.");
        }
        return bool(options.get("include_usage"), "stream_options.include_usage");
    }

    private Optional<MemoryOptions> memory(JsonNode memory) {
        if (memory == null || memory.isNull()) {
            return Optional.empty();
        }
        if (!memory.isObject()) {
            throw OpenAiError.invalid("memory", "invalid_type", "memory must be an object.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> members = memory.fields(); members.hasNext(); ) {
            String name = members.next().getKey();
            if (!MEMORY_MEMBERS.contains(name)) {
                throw OpenAiError.invalid("memory." + abbreviate(name), "unknown_parameter",
                        "Unknown member memory." + abbreviate(name) + ": memory takes entity_name, limit and remember.");
            }
        }
        Optional<String> entity = Optional.empty();
        JsonNode entityName = memory.get("entity_name");
        if (entityName != null && !entityName.isNull()) {
            if (!entityName.isTextual() || entityName.asText().isBlank() || entityName.asText().length() > MAX_NAME
                    || entityName.asText().chars().anyMatch(Character::isISOControl)) {
                throw OpenAiError.invalid("memory.entity_name", "invalid_value",
                        "memory.entity_name must be 1 to 256 characters without control characters.");
            }
            entity = Optional.of(entityName.asText());
        }
        int limit = config.memory().defaultLimit();
        JsonNode given = memory.get("limit");
        if (given != null && !given.isNull()) {
            if (!given.isIntegralNumber() || !given.canConvertToInt() || given.asInt() < 1 || given.asInt() > config.memory().maxLimit()) {
                throw OpenAiError.invalid("memory.limit", "invalid_value",
                        "memory.limit must be an integer from 1 to " + config.memory().maxLimit() + ".");
            }
            limit = given.asInt();
        }
        return Optional.of(new MemoryOptions(entity, limit, bool(memory.get("remember"), "memory.remember")));
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
