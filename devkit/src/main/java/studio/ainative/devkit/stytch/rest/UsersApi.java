package studio.ainative.devkit.stytch.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/** Bodies of Stytch's users API (stytch-node's users types). */
public final class UsersApi {

    private UsersApi() {
    }

    /** Other Stytch fields (phone_number, external_id, roles, attributes) are accepted and ignored. */
    public record CreateRequest(String email, UserView.Name name, Boolean createUserAsPending,
                                Map<String, Object> trustedMetadata, Map<String, Object> untrustedMetadata) {
    }

    /** {@code phone_id} is "" as devkit's users have no phone number. */
    public record CreateResponse(String requestId, String userId, String emailId, String status, String phoneId,
                                 UserView user, int statusCode) {
    }

    /** Stytch's get answers with the user's members at the top level, beside request_id and status_code. */
    public record GetResponse(String requestId, @JsonUnwrapped UserView user, int statusCode) {
    }

    public record DeleteResponse(String requestId, String userId, int statusCode) {
    }

    public record SearchRequest(String cursor, Integer limit, Query query) {
    }

    public record Query(String operator, List<Operand> operands) {
    }

    /** {@code filter_value} is a list, a string, a boolean or an object depending on the filter. */
    public record Operand(String filterName, Object filterValue) {
    }

    /** {@code next_cursor} is null on the last page. */
    public record ResultsMetadata(int total, String nextCursor) {
    }

    public record SearchResponse(String requestId, List<UserView> results, ResultsMetadata resultsMetadata,
                                 int statusCode) {
    }
}
