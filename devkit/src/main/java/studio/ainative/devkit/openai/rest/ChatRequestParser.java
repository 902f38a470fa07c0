package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import studio.ainative.devkit.openai.ChatMessage;
import studio.ainative.devkit.openai.ChatRequest;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.Role;

/**
 * Validates a chat completion body the way OpenAI does, naming the offending member in
 * {@code param} ("messages[2].content[0].text") with OpenAI's codes. Members the emulator does not act
 * on (temperature, tools, ...) are accepted and ignored, as a model server would.
 */
public final class ChatRequestParser {

    static final int MAX_N = 128;
    static final String TEXT_PART_SEPARATOR = "\n";

    private ChatRequestParser() {
    }

    /** @param outputLimit the model's completion-token limit, which max_tokens may not exceed */
    public static ChatRequest parse(JsonNode body, int outputLimit) {
        if (!body.isObject()) {
            throw OpenAiException.invalidRequest(null, "invalid_type",
                    "Invalid type for the request body: expected an object, but got " + typeName(body) + " instead.");
        }
        String model = model(body.get("model"));
        List<ChatMessage> messages = messages(body.get("messages"));
        int n = optionalInt(body, "n", 1, MAX_N).orElse(1);
        OptionalInt maxTokens = maxTokens(body, outputLimit);
        boolean stream = optionalBoolean(body, "stream");
        boolean includeUsage = includeUsage(body.get("stream_options"), stream);
        return new ChatRequest(model, messages, n, maxTokens, stream, includeUsage);
    }

    private static String model(JsonNode model) {
        if (isAbsent(model) || (model.isTextual() && model.asText().isBlank())) {
            throw OpenAiException.missingParameter("model");
        }
        return requireType(model, JsonNode::isTextual, "model", "a string").asText();
    }

    private static List<ChatMessage> messages(JsonNode messages) {
        if (isAbsent(messages)) {
            throw OpenAiException.missingParameter("messages");
        }
        requireType(messages, JsonNode::isArray, "messages", "an array");
        if (messages.isEmpty()) {
            throw OpenAiException.invalidRequest("messages", "empty_array", "Invalid 'messages': empty array. "
                    + "Expected an array with minimum length 1, but got an empty array instead.");
        }
        List<ChatMessage> parsed = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(message(messages.get(i), "messages[" + i + "]"));
        }
        return parsed;
    }

    private static ChatMessage message(JsonNode message, String param) {
        requireType(message, JsonNode::isObject, param, "an object");
        JsonNode rawRole = message.get("role");
        if (isAbsent(rawRole)) {
            throw OpenAiException.missingParameter(param + ".role");
        }
        String roleName = requireType(rawRole, JsonNode::isTextual, param + ".role", "a string").asText();
        Role role = Role.of(roleName).orElseThrow(() -> invalidValue(param + ".role", roleName, Role.wireNames()));
        if (role == Role.TOOL) {
            requiredString(message, "tool_call_id", param);
        }
        if (role == Role.FUNCTION) {
            requiredString(message, "name", param);
        }
        return new ChatMessage(role, content(message.get("content"), role, param + ".content"));
    }

    private static String content(JsonNode content, Role role, String param) {
        if (isAbsent(content)) {
            if (role.contentRequired()) {
                throw content == null
                        ? OpenAiException.missingParameter(param)
                        : invalidType(param, "a string or an array of content parts", content);
            }
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray() || role.partTypes().isEmpty()) {
            throw invalidType(param, role.partTypes().isEmpty() ? "a string" : "a string or an array of content parts",
                    content);
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            String partParam = param + "[" + i + "]";
            JsonNode part = requireType(content.get(i), JsonNode::isObject, partParam, "an object");
            String type = requiredString(part, "type", partParam);
            if (!role.partTypes().contains(type)) {
                throw invalidValue(partParam + ".type", type, sorted(role.partTypes()));
            }
            if (type.equals("text")) {
                texts.add(requiredString(part, "text", partParam));
            }
        }
        return String.join(TEXT_PART_SEPARATOR, texts);
    }

    /** max_tokens is the older name of max_completion_tokens; when both are set, the smaller limit holds. */
    private static OptionalInt maxTokens(JsonNode body, int outputLimit) {
        OptionalInt maxTokens = optionalInt(body, "max_tokens", 1, Integer.MAX_VALUE);
        OptionalInt maxCompletionTokens = optionalInt(body, "max_completion_tokens", 1, Integer.MAX_VALUE);
        checkLimit("max_tokens", maxTokens, outputLimit);
        checkLimit("max_completion_tokens", maxCompletionTokens, outputLimit);
        if (maxTokens.isPresent() && maxCompletionTokens.isPresent()) {
            return OptionalInt.of(Math.min(maxTokens.getAsInt(), maxCompletionTokens.getAsInt()));
        }
        return maxTokens.isPresent() ? maxTokens : maxCompletionTokens;
    }

    private static void checkLimit(String param, OptionalInt value, int outputLimit) {
        if (value.isPresent() && value.getAsInt() > outputLimit) {
            throw OpenAiException.invalidRequest(param, "invalid_value", param + " is too large: "
                    + value.getAsInt() + ". This model supports at most " + outputLimit
                    + " completion tokens, whereas you provided " + value.getAsInt() + ".");
        }
    }

    private static boolean includeUsage(JsonNode options, boolean stream) {
        if (isAbsent(options)) {
            return false;
        }
        if (!stream) {
            throw OpenAiException.invalidRequest("stream_options", "invalid_value",
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }
        requireType(options, JsonNode::isObject, "stream_options", "an object");
        JsonNode includeUsage = options.get("include_usage");
        return !isAbsent(includeUsage)
                && requireType(includeUsage, JsonNode::isBoolean, "stream_options.include_usage", "a boolean")
                        .asBoolean();
    }

    private static OptionalInt optionalInt(JsonNode body, String param, int min, int max) {
        JsonNode value = body.get(param);
        if (isAbsent(value)) {
            return OptionalInt.empty();
        }
        requireType(value, JsonNode::isIntegralNumber, param, "an integer");
        if (!value.canConvertToInt() || value.asInt() > max) {
            throw OpenAiException.invalidRequest(param, "integer_above_max_value", "Invalid '" + param
                    + "': integer above maximum value. Expected a value <= " + max + ", but got " + value + " instead.");
        }
        if (value.asInt() < min) {
            throw OpenAiException.invalidRequest(param, "integer_below_min_value", "Invalid '" + param
                    + "': integer below minimum value. Expected a value >= " + min + ", but got " + value + " instead.");
        }
        return OptionalInt.of(value.asInt());
    }

    private static boolean optionalBoolean(JsonNode body, String param) {
        JsonNode value = body.get(param);
        return !isAbsent(value) && requireType(value, JsonNode::isBoolean, param, "a boolean").asBoolean();
    }

    private static String requiredString(JsonNode object, String member, String param) {
        JsonNode value = object.get(member);
        if (isAbsent(value)) {
            throw OpenAiException.missingParameter(param + "." + member);
        }
        return requireType(value, JsonNode::isTextual, param + "." + member, "a string").asText();
    }

    /** OpenAI treats an explicit null like a member left out. */
    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    private static JsonNode requireType(JsonNode value, Predicate<JsonNode> test, String param,
            String expected) {
        if (!test.test(value)) {
            throw invalidType(param, expected, value);
        }
        return value;
    }

    private static OpenAiException invalidType(String param, String expected, JsonNode actual) {
        return OpenAiException.invalidRequest(param, "invalid_type", "Invalid type for '" + param + "': expected "
                + expected + ", but got " + typeName(actual) + " instead.");
    }

    private static OpenAiException invalidValue(String param, String value, List<String> supported) {
        String quoted = supported.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
        return OpenAiException.invalidRequest(param, "invalid_value", "Invalid value: '"
                + OpenAiException.quoted(value) + "'. Supported values are: " + quoted + ".");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL, MISSING -> "null";
            default -> "a value of another type";
        };
    }
}
