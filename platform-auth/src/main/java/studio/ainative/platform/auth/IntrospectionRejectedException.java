package studio.ainative.platform.auth;

/**
 * identity answered 4xx: the question was wrong, not identity. Never retried and never counted by the
 * circuit breaker. An ambiguous issuer is the caller's to fix (name the project in {@code X-Project-ID});
 * anything else (a refused service credential, a wrong URL) is this service's misconfiguration, so the
 * caller sees a 500 and the log says what identity answered.
 */
public class IntrospectionRejectedException extends PlatformAuthException {

    static final String AMBIGUOUS_ISSUER = "ambiguous_issuer";

    private final int identityStatus;
    private final String identityCode;

    public IntrospectionRejectedException(int identityStatus, String identityCode) {
        super(isAmbiguousIssuer(identityStatus, identityCode)
                ? "several projects registered this token's issuer; name yours in X-Project-ID" : "internal error", null);
        this.identityStatus = identityStatus;
        this.identityCode = identityCode;
    }

    private static boolean isAmbiguousIssuer(int status, String code) {
        return status == 400 && AMBIGUOUS_ISSUER.equals(code);
    }

    @Override
    public int status() {
        return isAmbiguousIssuer(identityStatus, identityCode) ? 400 : 500;
    }

    @Override
    public String code() {
        return isAmbiguousIssuer(identityStatus, identityCode) ? AMBIGUOUS_ISSUER : "internal_error";
    }

    /** What identity answered, for this service's log. */
    public String diagnostic() {
        return "identity-service refused the introspection request: HTTP " + identityStatus
                + (identityCode == null ? "" : " " + identityCode);
    }
}
