package studio.ainative.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    private static Problem problem(Response response) {
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        return (Problem) response.getEntity();
    }

    @Test
    void anApiExceptionKeepsItsStatusCodeAndDetail() {
        Response response = mappers.apiException(ApiException.conflict("vector_id_conflict", "that id is taken"));
        assertEquals(409, response.getStatus());
        assertEquals(new Problem("about:blank", "Conflict", 409, "vector_id_conflict", "that id is taken"), problem(response));
    }

    @Test
    void retryAfterOfAnApiExceptionBecomesTheHeader() {
        assertEquals("7", String.valueOf(mappers.apiException(ApiException.unavailable("x", "y", 7)).getHeaders().getFirst("Retry-After")));
        assertNull(mappers.apiException(ApiException.unavailable("x", "y", null)).getHeaders().getFirst("Retry-After"));
    }

    @Test
    void frameworkRefusalsGetStableCodesAndKeepTheirChallenge() {
        assertEquals("method_not_allowed", problem(mappers.webApplication(new NotAllowedException("GET"))).code());
        Response unauthorized = mappers.webApplication(new NotAuthorizedException("Bearer realm=\"x\""));
        assertEquals("unauthorized", problem(unauthorized).code());
        assertEquals("Bearer realm=\"x\"", unauthorized.getHeaderString("WWW-Authenticate"));
    }

    @Test
    void anApiExceptionWrappedByTheFrameworkIsStillItself() {
        Response response = mappers.webApplication(new jakarta.ws.rs.BadRequestException(ApiException.badRequest("invalid_filter", "no")));
        assertEquals("invalid_filter", problem(response).code());
    }

    @Test
    void unknownMembersAreNamed() {
        UnrecognizedPropertyException e = new UnrecognizedPropertyException(null, "the body", null, Object.class, "tokn", null);
        assertEquals("unknown member 'tokn'", problem(mappers.unknownMember(e)).detail());
    }

    @Test
    void theUnexpectedIsA500ThatSaysNothingOfItself() {
        Response response = mappers.unexpected(new IllegalStateException("secret table name"));
        assertEquals(500, response.getStatus());
        assertEquals("internal error", problem(response).detail());
    }

    @Test
    void aDatabaseThatRefusesConnectionsIs503WithRetryAfter() {
        Response response = mappers.unexpected(new java.net.ConnectException("Connection refused: /127.0.0.1:5432"));
        assertEquals(503, response.getStatus());
        assertEquals("database_unavailable", problem(response).code());
        assertEquals("5", String.valueOf(response.getHeaders().getFirst("Retry-After")));
    }

    @Test
    void aLostPooledConnectionIs503() {
        assertEquals(503, mappers.unexpected(io.vertx.sqlclient.ClosedConnectionException.INSTANCE).getStatus());
    }

    @Test
    void anUnreachableDatabaseIsRecognisedUnderAWrapper() {
        Throwable wrapped = new java.util.concurrent.CompletionException(new java.net.UnknownHostException("postgres"));
        assertEquals(503, mappers.unexpected(wrapped).getStatus());
    }

    @Test
    void aServerShuttingDownIs503AndAnyOtherDatabaseRefusalStays500() {
        assertEquals(503, mappers.unexpected(new Refused("57P01")).getStatus());
        assertEquals(503, mappers.unexpected(new Refused("08006")).getStatus());
        assertEquals(500, mappers.unexpected(new Refused("42P01")).getStatus());
    }

    @Test
    void aMappedDatabaseRefusalIsItsProblemWithoutTheSqlText() {
        Response response = mappers.unexpected(new Refused("23505"));
        assertEquals(409, response.getStatus());
        assertEquals("conflict", problem(response).code());
        assertEquals(403, mappers.unexpected(new Refused("42501")).getStatus());
        assertEquals("1", String.valueOf(mappers.unexpected(new Refused("40P01")).getHeaders().getFirst("Retry-After")));
    }

    @Test
    void anythingElseUnexpectedStays500() {
        assertEquals(500, mappers.unexpected(new IllegalStateException("bug")).getStatus());
    }

    /** A database refusal with a SQLSTATE, as the PostgreSQL client reports one. */
    private static final class Refused extends io.vertx.sqlclient.DatabaseException {
        Refused(String state) {
            super("refused", 0, state);
        }
    }
}
