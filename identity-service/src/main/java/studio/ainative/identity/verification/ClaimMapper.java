package studio.ainative.identity.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps verified claims to platform fields with a provider's {@code claim_mapping}.
 *
 * <p>{@code user_id} must resolve to a string or an integer. {@code email} may resolve to a string,
 * an array of strings (first one), or objects such as Stytch's {@code emails: [{email, verified}]}
 * (first verified). For Stytch, when the mapped claim is absent, the email of the session's
 * email factor (magic links, email OTP) is used; the other factors carry no address: an OAuth factor
 * names only the id of the user's email it signed in with ({@link #sessionEmailIds}), a password
 * factor none, so their email comes from Stytch's session API.
 *
 * <p>An email its provider marks unverified (in an object with {@code verified: false} or
 * {@code email_verified: false}, or the top-level {@code email} claim next to
 * {@code email_verified: false}) is not an email: the email mapping skips it, and a {@code user_id}
 * mapping that resolves to it yields no user id (the token is refused), so nobody becomes the owner of
 * an address they never proved.
 */
public final class ClaimMapper {

    public static final String USER_ID = "user_id";
    public static final String EMAIL = "email";
    public static final String DEFAULT_USER_ID_PATH = "sub";

    /** Where Stytch puts the email that authenticated the session. */
    static final ClaimPath STYTCH_SESSION_EMAIL =
            ClaimPath.of("https://stytch.com/session.authentication_factors[].email_factor.email_address");

    /** The factors that signed the Stytch session in, each with a {@code *_factor} object per kind. */
    static final ClaimPath STYTCH_SESSION_FACTORS = ClaimPath.of("https://stytch.com/session.authentication_factors");
    /** Stytch's ids are prefixed UUIDs; anything much longer is not one. */
    private static final int MAX_EMAIL_ID_LENGTH = 128;
    private static final int MAX_EMAIL_IDS = 8;

    private static final int MAX_EMAIL_LOCAL = 64;
    private static final int MAX_EMAIL_DOMAIN = 253;

    /** Session id claims, in order: Stytch's session claim, OIDC {@code sid}, a plain {@code session_id}. */
    private static final List<ClaimPath> SESSION_ID_PATHS = List.of(
            ClaimPath.of("https://stytch.com/session.id"), ClaimPath.of("sid"), ClaimPath.of("session_id"));

    private ClaimMapper() {
    }

    /** The provider's session id, when the token carries one. */
    public static String sessionId(Map<String, Object> claims) {
        for (ClaimPath path : SESSION_ID_PATHS) {
            if (path.resolve(claims) instanceof String s && !s.isBlank() && s.length() <= 256) {
                return s;
            }
        }
        return null;
    }

    /**
     * The email ids the Stytch session's factors name, in factor order: the {@code email_id} of any
     * {@code *_factor} object ({@code email_factor}, {@code google_oauth_factor}, ...). An OAuth factor
     * carries this id alone, so it picks the address out of the user's emails in Stytch's session API.
     */
    public static List<String> sessionEmailIds(Map<String, Object> claims) {
        if (!(STYTCH_SESSION_FACTORS.resolve(claims) instanceof List<?> factors)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (Object factor : factors) {
            if (!(factor instanceof Map<?, ?> members)) {
                continue;
            }
            for (Map.Entry<?, ?> member : members.entrySet()) {
                if (ids.size() < MAX_EMAIL_IDS && member.getKey() instanceof String name && name.endsWith("_factor")
                        && member.getValue() instanceof Map<?, ?> object && object.get("email_id") instanceof String id
                        && !id.isBlank() && id.length() <= MAX_EMAIL_ID_LENGTH && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return List.copyOf(ids);
    }

    public record MappedIdentity(String userId, String email) {
    }

    public static MappedIdentity map(Map<String, Object> claims, Map<String, String> mapping) {
        ClaimPath userPath = ClaimPath.of(mapping.getOrDefault(USER_ID, DEFAULT_USER_ID_PATH));
        Object userValue = userPath.resolve(claims);
        String userId = unverifiedEmail(claims, userPath, userValue) ? null : asUserId(userValue);
        String email = null;
        String emailMapping = mapping.get(EMAIL);
        if (emailMapping != null) {
            ClaimPath emailPath = ClaimPath.of(emailMapping);
            Object emailValue = emailPath.resolve(claims);
            email = unverifiedEmail(claims, emailPath, emailValue) ? null : asEmail(emailValue);
        }
        if (email == null) {
            email = asEmail(STYTCH_SESSION_EMAIL.resolve(claims));
        }
        return new MappedIdentity(userId, email);
    }

    /** An address-shaped string the token itself marks unverified (see class comment). */
    static boolean unverifiedEmail(Map<String, Object> claims, ClaimPath path, Object value) {
        if (!(value instanceof String s) || !emailShaped(s)) {
            return false;
        }
        Map<?, ?> holder = path.container(claims);
        if (holder != null && (Boolean.FALSE.equals(holder.get("verified")) || Boolean.FALSE.equals(holder.get("email_verified")))) {
            return true;
        }
        return Boolean.FALSE.equals(claims.get("email_verified")) && s.equals(claims.get(EMAIL));
    }

    static String asUserId(Object value) {
        if (value instanceof String s && !s.isBlank() && s.length() <= 256) {
            return s;
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        return null;
    }

    /**
     * From a user's emails as Stytch's API lists them ({@code [{email_id, email, verified}]}): the
     * verified one the session signed in with (named by {@code emailIds}), else the first verified one.
     */
    public static String emailOfSession(List<?> userEmails, List<String> emailIds) {
        for (String id : emailIds) {
            for (Object email : userEmails) {
                if (email instanceof Map<?, ?> object && id.equals(object.get("email_id"))) {
                    String address = asEmail(object);
                    if (address != null) {
                        return address;
                    }
                }
            }
        }
        return asEmail(userEmails);
    }

    static String asEmail(Object value) {
        if (value instanceof String s) {
            return emailShaped(s) ? s : null;
        }
        if (value instanceof Map<?, ?> object) {
            boolean unverified = (object.containsKey("verified") && !Boolean.TRUE.equals(object.get("verified")))
                    || Boolean.FALSE.equals(object.get("email_verified"));
            return unverified ? null : emailOf(object);
        }
        if (value instanceof List<?> list) {
            boolean anyVerifiedFlag = list.stream().anyMatch(e -> e instanceof Map<?, ?> m && m.containsKey("verified"));
            for (Object element : list) {
                if (element instanceof Map<?, ?> object) {
                    if (anyVerifiedFlag && !Boolean.TRUE.equals(object.get("verified"))) {
                        continue;
                    }
                    String email = emailOf(object);
                    if (email != null) {
                        return email;
                    }
                } else {
                    String email = asEmail(element);
                    if (email != null) {
                        return email;
                    }
                }
            }
        }
        return null;
    }

    private static String emailOf(Map<?, ?> object) {
        for (String member : List.of("email", "email_address", "value")) {
            if (object.get(member) instanceof String s && emailShaped(s)) {
                return s;
            }
        }
        return null;
    }

    /**
     * A pragmatic shape check (the address came from a verified token, this only keeps junk out): one {@code @}, 1 to 64
     * characters before it and 1 to 253 after it, none of them whitespace. The regular expression it replaces,
     * {@code ^[^@\\s]{1,64}@[^@\\s]{1,253}$}, ran on every mapping and cost a tenth of the verification pipeline's
     * Java time; its character counts are code points, and so are these.
     */
    static boolean emailShaped(String s) {
        int at = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                return false;
            }
        }
        if (at < 1 || at == s.length() - 1) {
            return false;
        }
        int domain = s.length() - at - 1;
        return (at <= MAX_EMAIL_LOCAL || s.codePointCount(0, at) <= MAX_EMAIL_LOCAL)
                && (domain <= MAX_EMAIL_DOMAIN || s.codePointCount(at + 1, s.length()) <= MAX_EMAIL_DOMAIN);
    }
}
