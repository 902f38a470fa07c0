package studio.ainative.identity.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

class ClaimPathTest {

    /** Claims parsed the way a token's payload is parsed, so numbers are Longs as in production. */
    private static Map<String, Object> claims(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (JoseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object resolve(String path, String json) {
        return ClaimPath.of(path).resolve(claims(json));
    }

    // --- plain members and nesting ---

    @Test
    void resolvesTopLevelClaim() {
        assertEquals("user-1", resolve("sub", """
                {"sub": "user-1", "other": "x"}"""));
    }

    @Test
    void resolvesNestedMemberWithDots() {
        assertEquals("a@example.com", resolve("user.profile.email", """
                {"user": {"profile": {"email": "a@example.com"}}}"""));
    }

    @Test
    void returnsNullForAbsentClaim() {
        assertNull(resolve("missing", """
                {"sub": "user-1"}"""));
    }

    @Test
    void returnsNullWhenPathDescendsIntoScalar() {
        assertNull(resolve("sub.id", """
                {"sub": "user-1"}"""));
    }

    @Test
    void doesNotMatchMemberThatIsOnlyAPrefixOfTheNextSegment() {
        assertNull(resolve("subject", """
                {"sub": "user-1"}"""));
    }

    @Test
    void returnsWholeObjectWhenPathEndsAtObject() {
        assertEquals(Map.of("id", "u-7"), resolve("user", """
                {"user": {"id": "u-7"}}"""));
    }

    // --- indices ---

    @Test
    void resolvesListIndex() {
        assertEquals("second", resolve("roles[1]", """
                {"roles": ["first", "second", "third"]}"""));
    }

    @Test
    void resolvesMemberOfIndexedElement() {
        assertEquals("b@example.com", resolve("emails[1].email", """
                {"emails": [{"email": "a@example.com"}, {"email": "b@example.com"}]}"""));
    }

    @Test
    void returnsNullForIndexPastTheEnd() {
        assertNull(resolve("roles[2]", """
                {"roles": ["first", "second"]}"""));
    }

    @Test
    void returnsNullForNegativeIndex() {
        assertNull(resolve("roles[-1]", """
                {"roles": ["first", "second"]}"""));
    }

    @Test
    void returnsNullForNonNumericIndex() {
        assertNull(resolve("roles[first]", """
                {"roles": ["first", "second"]}"""));
    }

    @Test
    void returnsNullForIndexBeyondIntRange() {
        assertNull(resolve("roles[99999999999]", """
                {"roles": ["first", "second"]}"""));
    }

    @Test
    void returnsNullForUnclosedBracket() {
        assertNull(resolve("roles[0", """
                {"roles": ["first", "second"]}"""));
    }

    @Test
    void returnsNullForIndexIntoNonList() {
        assertNull(resolve("user[0]", """
                {"user": {"0": "zero"}}"""));
    }

    // --- fan-out ---

    @Test
    void fansOutOverEveryElementWithEmptyBrackets() {
        assertEquals(List.of("a@example.com", "c@example.com"), resolve("emails[].email", """
                {"emails": [{"email": "a@example.com"}, {"other": 1}, {"email": "c@example.com"}]}"""));
    }

    @Test
    void fanOutFlattensNestedLists() {
        assertEquals(List.of(1L, 2L, 3L), resolve("groups[]", """
                {"groups": [[1, 2], [3]]}"""));
    }

    @Test
    void fanOutWithNoMatchingElementIsNull() {
        assertNull(resolve("emails[].email", """
                {"emails": [{"other": 1}, {"other": 2}]}"""));
    }

    @Test
    void fanOutOverEmptyListIsNull() {
        assertNull(resolve("emails[].email", """
                {"emails": []}"""));
    }

    // --- URL-named claims and longest-member match ---

    @Test
    void resolvesStytchSessionEmailThroughUrlNamedClaim() {
        String json = """
                {"https://stytch.com/session": {"authentication_factors": [
                    {"type": "email", "email_factor": {"email_address": "s@example.com", "email_id": "e-1"}}
                ]}}""";
        assertEquals("s@example.com",
                resolve("https://stytch.com/session.authentication_factors[0].email_factor.email_address", json));
    }

    @Test
    void resolvesUrlNamedClaimWithoutFurtherPath() {
        assertEquals(List.of("admin"), resolve("https://example.com/roles", """
                {"https://example.com/roles": ["admin"]}"""));
    }

    @Test
    void prefersLongestMatchingMemberName() {
        assertEquals("long", resolve("a.b", """
                {"a": {"b": "short"}, "a.b": "long"}"""));
    }

    @Test
    void prefersLongestMatchingMemberNameRegardlessOfMemberOrder() {
        assertEquals("long", resolve("a.b", """
                {"a.b": "long", "a": {"b": "short"}}"""));
    }

    @Test
    void usesShorterMemberWhenLongerOneDoesNotMatchTheWholeSegment() {
        assertEquals("short", resolve("a.bc", """
                {"a.b": "long", "a": {"bc": "short"}}"""));
    }

    // --- path validation and bounds ---

    @Test
    void refusesNullPath() {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.of(null));
    }

    @Test
    void refusesEmptyPath() {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.of(""));
    }

    @Test
    void refusesBlankPath() {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.of("   "));
    }

    @Test
    void refusesPathLongerThanMaxLength() {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.of("a".repeat(ClaimPath.MAX_LENGTH + 1)));
    }

    @Test
    void acceptsPathOfExactlyMaxLength() {
        String name = "a".repeat(ClaimPath.MAX_LENGTH);
        assertEquals("v", ClaimPath.of(name).resolve(Map.of(name, "v")));
    }

    @Test
    void refusesPathStartingWithDot() {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.of(".sub"));
    }

    @Test
    void refusesPathStartingWithBracket() {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.of("[0]"));
    }

    @Test
    void toStringIsThePath() {
        assertEquals("emails[].email", ClaimPath.of("emails[].email").toString());
    }
}
