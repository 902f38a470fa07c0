package studio.ainative.devkit.stytch;

/**
 * A fault armed on the JWKS endpoint, for testing how verifiers live through an IdP outage: every JWKS
 * request answers {@code status} ({@link Mode#ERROR}) or gets no answer at all ({@link Mode#STALL}) until
 * the fault is cleared.
 */
public record JwksFault(Mode mode, int status) {

    public enum Mode {
        ERROR, STALL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final int DEFAULT_STATUS = 500;

    public JwksFault {
        if (mode == Mode.ERROR && (status < 400 || status > 599)) {
            throw new StytchException(StytchError.INVALID_ARGUMENT, "status must be between 400 and 599.");
        }
    }

    /** {@code mode} as sent ({@code error}, {@code stall}); {@code status} only for errors, 500 when left out. */
    public static JwksFault of(String mode, Integer status) {
        if ("error".equals(mode)) {
            return new JwksFault(Mode.ERROR, status == null ? DEFAULT_STATUS : status);
        }
        if ("stall".equals(mode)) {
            if (status != null) {
                throw new StytchException(StytchError.INVALID_ARGUMENT, "status does not apply to a stall.");
            }
            return new JwksFault(Mode.STALL, 0);
        }
        throw new StytchException(StytchError.INVALID_ARGUMENT, "mode must be error or stall.");
    }
}
