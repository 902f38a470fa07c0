package studio.ainative.devkit.openai;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Chat message roles, with the content-part types each accepts (OpenAI's message param types). */
public enum Role {
    SYSTEM("system", Set.of("text")),
    ASSISTANT("assistant", Set.of("text", "refusal")),
    USER("user", Set.of("text", "image_url", "input_audio", "file")),
    FUNCTION("function", Set.of()),
    TOOL("tool", Set.of("text")),
    DEVELOPER("developer", Set.of("text"));

    private final String wireName;
    private final Set<String> partTypes;

    Role(String wireName, Set<String> partTypes) {
        this.wireName = wireName;
        this.partTypes = partTypes;
    }

    public static Optional<Role> of(String wireName) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Role::wireName).toList();
    }

    public String wireName() {
        return wireName;
    }

    /** Content-part types this role may send in an array content; empty when only a string is allowed. */
    public Set<String> partTypes() {
        return partTypes;
    }

    /** Assistant and function messages may carry null content (a tool call, a deprecated function call). */
    public boolean contentRequired() {
        return this != ASSISTANT && this != FUNCTION;
    }
}
