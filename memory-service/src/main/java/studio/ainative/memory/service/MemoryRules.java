package studio.ainative.memory.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import studio.ainative.memory.MemoryType;
import studio.ainative.platform.web.ApiException;

/**
 * The input bounds of memories: each fault its own stable code, checked before anything is embedded or
 * written. Content may hold tabs and line breaks but no other control characters (NUL above all, which
 * PostgreSQL cannot store); names, tags and metadata hold none.
 */
public final class MemoryRules {

    public static final int MAX_CONTENT_BYTES = 32 * 1024;
    public static final int MAX_ENTITY_NAME_LENGTH = 256;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG_LENGTH = 64;
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final String DEFAULT_ENTITY = "default";
    public static final double DEFAULT_IMPORTANCE = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private MemoryRules() {
    }

    public static NewMemory newMemory(String content, String entityName, String memoryType, Double importance, List<String> tags,
                                      JsonNode metadata) {
        return new NewMemory(content(content), entityName(entityName), memoryType(memoryType), importance(importance),
                tagsJson(tags), metadataJson(metadata));
    }

    public static String content(String content) {
        if (content == null || content.isBlank()) {
            throw ApiException.badRequest("empty_content", "content must not be empty");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            throw new ApiException(413, "content_too_large", "content is over " + MAX_CONTENT_BYTES + " bytes (UTF-8)");
        }
        if (content.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
            throw ApiException.badRequest("invalid_content", "content holds NUL or control characters other than tab and line breaks");
        }
        return content;
    }

    /** An entity name, {@value #DEFAULT_ENTITY} when absent. */
    public static String entityName(String entityName) {
        if (entityName == null) {
            return DEFAULT_ENTITY;
        }
        return optionalEntityName(entityName);
    }

    /** A filter's entity name: null when absent, else as strict as a stored one. */
    public static String optionalEntityName(String entityName) {
        if (entityName == null) {
            return null;
        }
        if (entityName.isBlank() || entityName.length() > MAX_ENTITY_NAME_LENGTH || hasControl(entityName)) {
            throw ApiException.badRequest("invalid_entity_name",
                    "entity_name must be 1 to " + MAX_ENTITY_NAME_LENGTH + " characters, not blank, without control characters");
        }
        return entityName;
    }

    public static MemoryType memoryType(String memoryType) {
        return memoryType == null ? MemoryType.DEFAULT : optionalMemoryType(memoryType);
    }

    public static MemoryType optionalMemoryType(String memoryType) {
        if (memoryType == null) {
            return null;
        }
        return MemoryType.parse(memoryType).orElseThrow(() -> ApiException.badRequest("invalid_memory_type",
                "memory_type must be one of working, episodic, semantic"));
    }

    public static double importance(Double importance) {
        if (importance == null) {
            return DEFAULT_IMPORTANCE;
        }
        if (!(importance >= 0 && importance <= 1)) {
            throw ApiException.badRequest("invalid_importance", "importance must be a number from 0 to 1");
        }
        return importance;
    }

    /** {@code before} of forget: an ISO-8601 instant with an offset ({@code 2026-12-01T00:00:00Z}); null when absent. */
    public static java.time.Instant before(String before) {
        if (before == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(before).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest("invalid_before", "before must be an ISO-8601 timestamp with an offset, e.g. 2026-12-01T00:00:00Z");
        }
    }

    public static String tagsJson(List<String> tags) {
        if (tags == null) {
            return "[]";
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.badRequest("invalid_tags", "at most " + MAX_TAGS + " tags");
        }
        for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG_LENGTH || hasControl(tag)) {
                throw ApiException.badRequest("invalid_tags",
                        "each tag is 1 to " + MAX_TAG_LENGTH + " characters, not blank, without control characters");
            }
        }
        return write(JsonNodeFactory.instance.arrayNode().addAll(tags.stream().map(JsonNodeFactory.instance::textNode).toList()));
    }

    public static String metadataJson(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return "{}";
        }
        if (!metadata.isObject()) {
            throw ApiException.badRequest("invalid_metadata", "metadata must be a JSON object");
        }
        if (containsNul(metadata)) {
            throw ApiException.badRequest("invalid_metadata", "metadata holds a NUL character, in a value or a member name");
        }
        String json = write(metadata);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw new ApiException(413, "metadata_too_large", "metadata is over " + MAX_METADATA_BYTES + " bytes serialized");
        }
        return json;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (member.getKey().indexOf('\0') >= 0 || containsNul(member.getValue())) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode element : node) {
            if (containsNul(element)) {
                return true;
            }
        }
        return false;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }
}
