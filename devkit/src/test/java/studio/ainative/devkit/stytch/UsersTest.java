package studio.ainative.devkit.stytch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.stytch.StytchApi.STRONG_PASSWORD;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticateSession;
import static studio.ainative.devkit.stytch.StytchApi.createPasswordUser;
import static studio.ainative.devkit.stytch.StytchApi.getUser;
import static studio.ainative.devkit.stytch.StytchApi.loggedIn;
import static studio.ainative.devkit.stytch.StytchApi.otpLoginOrCreate;
import static studio.ainative.devkit.stytch.StytchApi.outboxCode;
import static studio.ainative.devkit.stytch.StytchApi.post;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;
import static studio.ainative.devkit.stytch.StytchApi.withProjectSecret;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersTest {

    private static String createUser(String email) {
        return post("/v1/users", Map.of("email", email)).statusCode(200).extract().path("user_id");
    }

    private static ValidatableResponse search(Map<String, Object> body) {
        return post("/v1/users/search", body);
    }

    private static Map<String, Object> byFilter(String name, Object value) {
        return Map.of("query", Map.of("operator", "AND",
                "operands", List.of(Map.of("filter_name", name, "filter_value", value))));
    }

    @Test
    void createAnswersWithTheNewUserInStytchsShape() {
        String email = uniqueEmail("create");

        post("/v1/users", Map.of("email", email, "name", Map.of("first_name", "Grace"))).statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("user_id", matchesPattern("user-test-[0-9a-f-]{36}"))
                .body("email_id", matchesPattern("email-test-[0-9a-f-]{36}"))
                .body("status", equalTo("active"))
                .body("phone_id", equalTo(""))
                .body("user.emails[0].email", equalTo(email))
                .body("user.emails[0].verified", equalTo(false))
                .body("user.name.first_name", equalTo("Grace"))
                .body("user.is_locked", equalTo(false))
                .body("user.biometric_registrations", empty())
                .body("user", not(hasKey("password")));
    }

    @Test
    void createAsPendingMakesAPendingUser() {
        post("/v1/users", Map.of("email", uniqueEmail("pending"), "create_user_as_pending", true)).statusCode(200)
                .body("status", equalTo("pending"))
                .body("user.status", equalTo("pending"));
    }

    @Test
    void anOtpSignInActivatesAPendingUser() {
        String email = uniqueEmail("pending-otp");
        String userId = post("/v1/users", Map.of("email", email, "create_user_as_pending", true))
                .statusCode(200).extract().path("user_id");
        String methodId = otpLoginOrCreate(email).getString("email_id");

        StytchApi.authenticateOtp(methodId, outboxCode(email), null).statusCode(200);

        getUser(userId).body("status", equalTo("active")).body("emails[0].verified", equalTo(true));
    }

    @Test
    void creatingASecondUserForAnEmailIsADuplicate() {
        String email = uniqueEmail("twice");
        createUser(email);

        assertStytchError(post("/v1/users", Map.of("email", email.toUpperCase())), 400, "duplicate_email");
    }

    @Test
    void createNeedsAValidEmail() {
        assertStytchError(post("/v1/users", Map.of("name", Map.of("first_name", "No email"))), 400,
                "invalid_argument");
        assertStytchError(post("/v1/users", Map.of("email", "nobody")), 400, "invalid_email");
    }

    @Test
    void createRefusesMetadataOver16KiB() {
        assertStytchError(post("/v1/users", Map.of("email", uniqueEmail("big"),
                "trusted_metadata", Map.of("blob", "x".repeat(16 * 1024)))), 400, "invalid_argument");
    }

    @Test
    void getAnswersWithTheUsersMembersAtTheTopLevel() {
        String email = uniqueEmail("get");
        JsonPath created = post("/v1/users", Map.of("email", email, "untrusted_metadata", Map.of("theme", "dark")))
                .statusCode(200).extract().jsonPath();

        getUser(created.getString("user_id")).statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("user_id", equalTo(created.getString("user_id")))
                .body("emails[0].email_id", equalTo(created.getString("email_id")))
                .body("emails[0].email", equalTo(email))
                .body("status", equalTo("active"))
                .body("phone_numbers", empty())
                .body("webauthn_registrations", empty())
                .body("providers", empty())
                .body("totps", empty())
                .body("crypto_wallets", empty())
                .body("biometric_registrations", empty())
                .body("is_locked", equalTo(false))
                .body("roles", contains("stytch_user"))
                .body("name.first_name", equalTo(""))
                .body("created_at", equalTo(created.getString("user.created_at")))
                .body("untrusted_metadata.theme", equalTo("dark"))
                .body("$", not(hasKey("user")));
    }

    @Test
    void getOfAnUnknownUserIsUserNotFound() {
        assertStytchError(getUser("user-test-" + UUID.randomUUID()), 404, "user_not_found");
    }

    @Test
    void getOfAUserIdLongerThan256CharactersIsInvalid() {
        assertStytchError(getUser("u".repeat(257)), 400, "invalid_user_id");
    }

    @Test
    void deleteRemovesTheUserAndEndsTheirSessions() {
        String email = uniqueEmail("delete");
        JsonPath login = loggedIn(email, 60);
        String userId = login.getString("user_id");

        withProjectSecret().when().delete("/v1/users/" + userId).then().statusCode(200)
                .body("status_code", equalTo(200))
                .body("user_id", equalTo(userId));

        assertStytchError(getUser(userId), 404, "user_not_found");
        assertStytchError(authenticateSession(Map.of("session_token", login.getString("session_token"))),
                404, "session_not_found");
        JsonPath again = StytchApi.loginOrCreateMagicLink(email);
        assertThat(again.getBoolean("user_created"), equalTo(true));
        assertThat(again.getString("user_id"), not(equalTo(userId)));
    }

    @Test
    void aDeletedUsersPendingLinkNoLongerAuthenticates() {
        String email = uniqueEmail("delete-link");
        String userId = StytchApi.loginOrCreateMagicLink(email).getString("user_id");
        String token = StytchApi.outboxToken(email);
        withProjectSecret().when().delete("/v1/users/" + userId).then().statusCode(200);

        assertStytchError(StytchApi.authenticateMagicLink(token, 60), 404, "magic_link_not_found");
    }

    @Test
    void deletingAnUnknownUserIsUserNotFound() {
        assertStytchError(withProjectSecret().when().delete("/v1/users/user-test-" + UUID.randomUUID()).then(),
                404, "user_not_found");
    }

    @Test
    void searchByEmailFindsThatUserWhateverTheCase() {
        String email = uniqueEmail("search");
        String userId = createUser(email);
        createUser(uniqueEmail("search-other"));

        search(byFilter("email_address", List.of(email.toUpperCase()))).statusCode(200)
                .body("status_code", equalTo(200))
                .body("results", hasSize(1))
                .body("results[0].user_id", equalTo(userId))
                .body("results[0].emails[0].email", equalTo(email))
                .body("results_metadata.total", equalTo(1))
                .body("results_metadata.next_cursor", nullValue());
    }

    @Test
    void searchByFuzzyEmailFindsEveryMatch() {
        String tag = "fuzzy-" + UUID.randomUUID();
        String first = createUser(tag + "-a@example.com");
        String second = createUser(tag + "-b@example.com");

        search(byFilter("email_address_fuzzy", tag)).statusCode(200)
                .body("results.user_id", containsInAnyOrder(first, second));
    }

    @Test
    void searchCombinesFiltersWithAnd() {
        String tag = "and-" + UUID.randomUUID();
        createUser(tag + "-plain@example.com");
        String withPassword = createPasswordUser(tag + "-password@example.com", STRONG_PASSWORD, null)
                .statusCode(200).extract().path("user_id");

        search(Map.of("query", Map.of("operator", "AND", "operands", List.of(
                Map.of("filter_name", "email_address_fuzzy", "filter_value", tag),
                Map.of("filter_name", "password_exists", "filter_value", true)))))
                .statusCode(200).body("results.user_id", contains(withPassword));
    }

    @Test
    void searchPagesThroughResultsWithTheCursor() {
        String tag = "page-" + UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createUser(tag + "-" + i + "@example.com"));
        }
        List<String> seen = new ArrayList<>();
        Map<String, Object> query = Map.of("operator", "AND",
                "operands", List.of(Map.of("filter_name", "email_address_fuzzy", "filter_value", tag)));

        JsonPath page = search(Map.of("query", query, "limit", 2)).statusCode(200)
                .body("results_metadata.total", equalTo(5)).extract().jsonPath();
        seen.addAll(page.getList("results.user_id"));
        while (page.getString("results_metadata.next_cursor") != null) {
            page = search(Map.of("query", query, "limit", 2,
                    "cursor", page.getString("results_metadata.next_cursor")))
                    .statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("results.user_id"));
        }

        assertThat(seen, containsInAnyOrder(created.toArray()));
        assertThat(seen, hasSize(5));
    }

    @Test
    void searchRefusesAnUnknownFilter() {
        assertStytchError(search(byFilter("phone_number", List.of("+10000000000"))), 400, "invalid_argument");
    }

    @Test
    void searchRefusesAFilterValueOfTheWrongType() {
        assertStytchError(search(byFilter("email_address", "not-a-list@example.com")), 400, "invalid_argument");
    }

    @Test
    void searchRefusesAMissingOperator() {
        assertStytchError(search(Map.of("query", Map.of("operands",
                List.of(Map.of("filter_name", "status", "filter_value", "active"))))), 400, "invalid_argument");
    }

    @Test
    void searchRefusesALimitOutsideOneToAThousand() {
        assertStytchError(search(Map.of("limit", 0)), 400, "invalid_argument");
        assertStytchError(search(Map.of("limit", 1001)), 400, "invalid_argument");
    }

    @Test
    void searchRefusesACursorItDidNotIssue() {
        assertStytchError(search(Map.of("cursor", "bm90LWEtY3Vyc29y")), 400, "invalid_argument");
    }

    @Test
    void searchWithoutAQueryListsUsersUpToTheLimit() {
        createUser(uniqueEmail("any"));
        createUser(uniqueEmail("any"));

        search(Map.of("limit", 1)).statusCode(200)
                .body("results", hasSize(1))
                .body("results_metadata.next_cursor", not(nullValue()));
    }
}
