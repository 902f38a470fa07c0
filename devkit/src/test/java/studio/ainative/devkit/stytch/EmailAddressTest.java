package studio.ainative.devkit.stytch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void trimsAndLowerCasesSoLookupsIgnoreCase() {
        assertEquals("ada@example.com", EmailAddress.parse("  Ada@Example.COM ").value());
    }

    @Test
    void acceptsAnAddressOfExactly254Characters() {
        String local = "a".repeat(254 - "@example.com".length());
        assertEquals(254, EmailAddress.parse(local + "@example.com").value().length());
    }

    @Test
    void rejectsAnAddressOf255Characters() {
        String local = "a".repeat(255 - "@example.com".length());
        StytchException e = assertThrows(StytchException.class, () -> EmailAddress.parse(local + "@example.com"));
        assertEquals(StytchError.INVALID_EMAIL, e.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "@example.com", "ada@", "ada@example", "ada@@example.com",
            "ada lovelace@example.com", "ada@example..com"})
    void rejectsAddressesWithoutAPlausibleShape(String raw) {
        StytchException e = assertThrows(StytchException.class, () -> EmailAddress.parse(raw));
        assertEquals(StytchError.INVALID_EMAIL, e.error());
    }

    @Test
    void treatsABlankAddressAsMissing() {
        StytchException e = assertThrows(StytchException.class, () -> EmailAddress.parse(" "));
        assertEquals(StytchError.MISSING_ARGUMENT, e.error());
    }
}
