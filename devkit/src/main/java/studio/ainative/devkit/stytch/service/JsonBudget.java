package studio.ainative.devkit.stytch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.function.Supplier;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;

/** A bound on free-form JSON a caller may store (claims, metadata), measured as serialised bytes. */
final class JsonBudget {

    static final int MAX_BYTES = 16 * 1024;

    private JsonBudget() {
    }

    /** trusted_metadata or untrusted_metadata, within the budget. */
    static Map<String, Object> metadata(ObjectMapper json, Map<String, Object> value, String name) {
        return within(json, value, () -> new StytchException(StytchError.INVALID_ARGUMENT,
                name + " must be at most " + MAX_BYTES / 1024 + " KiB of JSON."));
    }

    static <T> T within(ObjectMapper json, T value, Supplier<StytchException> whenTooLarge) {
        if (value == null) {
            return null;
        }
        try {
            if (json.writeValueAsBytes(value).length > MAX_BYTES) {
                throw whenTooLarge.get();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON parsed from a request did not serialise back", e);
        }
        return value;
    }
}
