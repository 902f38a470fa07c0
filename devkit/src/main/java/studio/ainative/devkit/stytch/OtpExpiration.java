package studio.ainative.devkit.stytch;

import java.time.Duration;

/** expiration_minutes of an email OTP: 1 to 10 minutes, 2 when left out, as at Stytch. */
public record OtpExpiration(int minutes) {

    static final int MIN_MINUTES = 1;
    static final int MAX_MINUTES = 10;
    static final int DEFAULT_MINUTES = 2;

    public OtpExpiration {
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw new StytchException(StytchError.INVALID_ARGUMENT,
                    "expiration_minutes must be between " + MIN_MINUTES + " and " + MAX_MINUTES + ".");
        }
    }

    public static OtpExpiration ofNullable(Integer minutes) {
        return new OtpExpiration(minutes == null ? DEFAULT_MINUTES : minutes);
    }

    public Duration toDuration() {
        return Duration.ofMinutes(minutes);
    }
}
