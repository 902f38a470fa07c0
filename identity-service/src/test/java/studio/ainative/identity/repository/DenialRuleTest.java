package studio.ainative.identity.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import studio.ainative.identity.repository.PrincipalStore.Denial;

/** The deny entries fetched with a lookup are judged by the rule the cache-write script applies in Redis. */
class DenialRuleTest {

    @Test
    void aTokenOrSessionEntryDeniesWhateverItsValue() {
        assertEquals(Denial.DENIED, PrincipalStore.denial("0", null, null, 100L));
        assertEquals(Denial.DENIED, PrincipalStore.denial(null, null, "1", 100L));
    }

    @Test
    void aUserEntryDeniesTheTokensIssuedUpToItsTime() {
        assertEquals(Denial.DENIED, PrincipalStore.denial(null, "100", null, 99L));
        assertEquals(Denial.DENIED, PrincipalStore.denial(null, "100", null, 100L));
        assertEquals(Denial.CLEAR, PrincipalStore.denial(null, "100", null, 101L));
    }

    @Test
    void aUserEntryDeniesATokenWithoutIssueTime() {
        assertEquals(Denial.DENIED, PrincipalStore.denial(null, "100", null, null));
    }

    @Test
    void anUnreadableUserEntryDenies() {
        assertEquals(Denial.DENIED, PrincipalStore.denial(null, "not a time", null, 101L));
    }

    @Test
    void noEntryIsClear() {
        assertEquals(Denial.CLEAR, PrincipalStore.denial(null, null, null, 101L));
        assertEquals(Denial.CLEAR, PrincipalStore.denial(null, null, null, null));
    }
}
