package studio.ainative.devkit.stytch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionDurationTest {

    @ParameterizedTest
    @ValueSource(ints = {5, 60, 527_040})
    void acceptsStytchsInclusiveBounds(int minutes) {
        assertEquals(Duration.ofMinutes(minutes), new SessionDuration(minutes).toDuration());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, 0, 4, 527_041})
    void rejectsMinutesOutsideStytchsBounds(int minutes) {
        StytchException e = assertThrows(StytchException.class, () -> new SessionDuration(minutes));
        assertEquals(StytchError.INVALID_SESSION_DURATION_MINUTES, e.error());
    }

    @Test
    void absentMinutesMeanNoSession() {
        assertTrue(SessionDuration.ofNullable(null).isEmpty());
    }
}
