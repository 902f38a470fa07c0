package studio.ainative.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.identity.service.IntrospectionOutcome.Active;

class IntrospectionOutcomeTest {

    private static Active active(String body, String sessionId, Long iat) {
        return new Active(body.getBytes(StandardCharsets.UTF_8), "tid-1", UUID.randomUUID(), UUID.randomUUID(), 7, "stytch", sessionId, "user-1",
                "a@example.com", 1_900_000_000L, iat, "https://issuer.example/", "2f0a3c1e-8d4b-4f8e-9a51-0c7d2e6b9f13:user-1");
    }

    @Test
    void theRedisFormRoundTripsAndKeepsTheBodyByteForByte() {
        // claims may hold newlines and the separator's look-alikes; the body is never re-encoded
        String body = new JsonObject().put("active", true).put("claims", new JsonObject().put("note", "line1\nline2\\n{\"v\":1}"))
                .encode();
        Active original = active(body, "session-1", 1_800_000_000L);
        Active back = Active.fromCacheValue(original.toCacheValue()).orElseThrow();
        assertEquals(original, back);
        assertEquals(body, new String(back.body(), StandardCharsets.UTF_8));
    }

    /** A just-verified principal's body is built on first use, once: /verify never asks for it on a first sighting. */
    @Test
    void aLazyBodyIsBuiltOnceOnFirstUse() {
        AtomicInteger built = new AtomicInteger();
        IntrospectionOutcome.Body body = IntrospectionOutcome.Body.lazy(() -> {
            built.incrementAndGet();
            return "{\"active\":true}".getBytes(StandardCharsets.UTF_8);
        });
        Active lazy = new Active(body, "tid-1", UUID.randomUUID(), UUID.randomUUID(), 7, "stytch", null, "user-1", null,
                1_900_000_000L, null, "https://issuer.example/", "owner:user-1");
        assertEquals("user-1", lazy.userId());
        assertEquals(0, built.get(), "not built for the principal's fields");
        byte[] first = lazy.body();
        assertSame(first, lazy.body());
        assertEquals(1, built.get());
        assertEquals(lazy, Active.fromCacheValue(lazy.toCacheValue()).orElseThrow());
    }

    /** /verify answers a principal kept in memory with the same bytes each time: the guide's body, from its fields. */
    @Test
    void theVerifyAnswerIsThePrincipalsFieldsWrittenOnce() {
        UUID project = UUID.randomUUID();
        Active withEmail = new Active("{}".getBytes(StandardCharsets.UTF_8), "tid-1", project, UUID.randomUUID(), 7, "stytch", null,
                "user-\"1\"", "a@example.com", 1_900_000_000L, null, "https://issuer.example/", "owner:user-1");
        byte[] answer = withEmail.verifyAnswer().bytes();
        assertSame(answer, withEmail.verifyAnswer().bytes());
        assertEquals(new JsonObject().put("valid", true).put("provider", "stytch").put("user_id", "user-\"1\"")
                .put("email", "a@example.com").put("project_id", project.toString()).put("expires_at", "2030-03-17T17:46:40Z"),
                new JsonObject(new String(answer, StandardCharsets.UTF_8)));

        Active withoutEmail = new Active("{}".getBytes(StandardCharsets.UTF_8), "tid-2", project, UUID.randomUUID(), 7, "jwks", null,
                "user-2", null, 1_900_000_000L, null, "https://issuer.example/", "owner:user-2");
        JsonObject written = new JsonObject(new String(withoutEmail.verifyAnswer().bytes(), StandardCharsets.UTF_8));
        assertTrue(written.containsKey("email") && written.getValue("email") == null, "email written as null: " + written);
        assertEquals("jwks", written.getString("provider"));
    }

    @Test
    void nullSessionAndIssuedAtSurvive() {
        Active original = active("{\"active\":true}", null, null);
        assertEquals(original, Active.fromCacheValue(original.toCacheValue()).orElseThrow());
    }

    /** A release that wrote format 3 indexed its principals for deletion and did not check the deny entries on read. */
    @Test
    void theFormatOfTheReleaseBeforeIsAMiss() {
        String current = active("{\"active\":true}", "session-1", 1_800_000_000L).toCacheValue();
        assertTrue(current.startsWith("{\"v\":4,"));
        assertTrue(Active.fromCacheValue("{\"v\":3," + current.substring("{\"v\":4,".length())).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the previous form: the body with _pv and _tid members, no header line
        "{\"active\":true,\"project_id\":\"0b6a3f9e-2c57-4a6c-9a55-0d7c1e2f3a4b\",\"_pv\":1,\"_tid\":\"x\"}",
        "{\"v\":3,\"tid\":\"x\"}\n{\"active\":true}",
        "{\"v\":1,\"tid\":\"x\",\"project\":\"not-a-uuid\"}\n{}",
        "{\"v\":1,\"tid\":\"x\"}\n{}",
        "not json\n{}",
        ""})
    void anyOtherFormIsAMissNotAnError(String value) {
        assertTrue(Active.fromCacheValue(value).isEmpty());
    }
}
