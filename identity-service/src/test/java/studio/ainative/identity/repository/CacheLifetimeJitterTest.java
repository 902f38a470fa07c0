package studio.ainative.identity.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheLifetimeJitterTest {

    @Test
    void shortensByAtMostAFifthAndNeverLengthens() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long lifetime = PrincipalStore.jittered(5_000);
            assertTrue(lifetime >= 4_000 && lifetime <= 5_000, "got " + lifetime);
            seen.add(lifetime);
        }
        assertTrue(seen.size() > 500, "entries filled together expire spread out, not together: " + seen.size() + " distinct");
    }

    @Test
    void tinyLifetimesStayValid() {
        assertEquals(0, PrincipalStore.jittered(0));
        long one = PrincipalStore.jittered(1);
        assertTrue(one == 0 || one == 1);
    }
}
