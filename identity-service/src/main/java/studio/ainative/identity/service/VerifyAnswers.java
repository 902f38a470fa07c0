package studio.ainative.identity.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The bodies of {@code GET /api/v1/auth/verify}, as the product guide shows them, written field by field. An end user's
 * answer depends only on the principal, so a principal kept in memory keeps it too ({@link IntrospectionOutcome.Active#verifyAnswer}).
 */
public final class VerifyAnswers {

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private VerifyAnswers() {
    }

    /** An end user's token: {@code email} is written as null when the provider has none, {@code expires_at} ISO-8601. */
    public static byte[] valid(String provider, String userId, String email, UUID projectId, long expiresAtEpochSeconds) {
        return write(json -> {
            json.writeBooleanField("valid", true);
            json.writeStringField("provider", provider);
            json.writeStringField("user_id", userId);
            json.writeStringField("email", email);
            json.writeStringField("project_id", projectId.toString());
            json.writeStringField("expires_at", Instant.ofEpochSecond(expiresAtEpochSeconds).toString());
        });
    }

    /** A project API key. */
    public static byte[] validApiKey(UUID projectId) {
        return write(json -> {
            json.writeBooleanField("valid", true);
            json.writeStringField("token_type", "api_key");
            json.writeStringField("project_id", projectId.toString());
        });
    }

    /** A refusal; a null description is left out. */
    public static byte[] invalid(String error, String description) {
        return write(json -> {
            json.writeBooleanField("valid", false);
            json.writeStringField("error", error);
            if (description != null) {
                json.writeStringField("error_description", description);
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator json = JSON_FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return bytes.toByteArray();
    }
}
