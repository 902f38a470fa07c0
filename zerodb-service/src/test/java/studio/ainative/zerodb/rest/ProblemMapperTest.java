package studio.ainative.zerodb.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.web.Problem;

/** The database refusals that input checks should have caught first: each a 4xx or 503, with no SQL in the body. */
class ProblemMapperTest {

    private static final String SQL_TEXT = "invalid input syntax for type timestamp with time zone: \"+999999999-12-31\"";
    private final ProblemMapper mapper = new ProblemMapper();

    private Response database(String sqlState) {
        return mapper.database(new PgException(SQL_TEXT, "ERROR", sqlState, "detail naming table_rows"));
    }

    /** Each state maps to this status and code, and the body names neither the SQL nor the table. */
    private Response[] assertMapped(int status, String code, String... states) {
        Response[] responses = new Response[states.length];
        for (int i = 0; i < states.length; i++) {
            Response response = database(states[i]);
            Problem problem = (Problem) response.getEntity();
            assertEquals(status, response.getStatus(), states[i]);
            assertEquals(code, problem.code(), states[i]);
            assertFalse(problem.detail().contains("timestamp") || problem.detail().contains("table_rows"), problem.detail());
            responses[i] = response;
        }
        return responses;
    }

    @Test
    void dataExceptionsAre400InvalidInput() {
        assertMapped(400, "invalid_input", "22P05", "22021", "22008", "22007", "22P02");
    }

    @Test
    void foreignKeyAndUniqueViolationsAre409Conflict() {
        assertMapped(409, "conflict", "23503", "23505");
    }

    @Test
    void serializationFailuresAndDeadlocksAre503WithRetryAfter() {
        for (Response response : assertMapped(503, "transaction_conflict", "40001", "40P01")) {
            assertEquals("1", String.valueOf(response.getHeaders().getFirst("Retry-After")));
        }
    }

    @Test
    void policyRefusalStays403() {
        assertMapped(403, "rls_denied", "42501");
    }

    @Test
    void anythingElseIsStillAnInternalError() {
        assertMapped(500, "internal_error", "XX000");
    }
}
