package studio.ainative.zerodb.security;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.regex.Pattern;
import studio.ainative.platform.auth.PlatformPrincipal;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.RlsPolicy;
import studio.ainative.zerodb.RlsSetting;

/**
 * Turns the authenticated caller into an {@link Access}: API keys act project-wide; an end user's owner
 * id comes from the claim the project's {@code user_id_claim} names, qualified by the user's identity
 * provider as identity qualifies its user ids (equal ids of two providers are two owners), and their
 * mode from its policy.
 */
@ApplicationScoped
public class AccessResolver {

    /** Longest owner id accepted from a claim. */
    static final int MAX_OWNER_ID_LENGTH = 256;
    /** How platform-auth names an API key principal, and so the owner id of the rows it writes. */
    static final String API_KEY_OWNER_PREFIX = "api_key:";
    /** How a provider-qualified owner id starts; an unqualified (legacy) id must not look like one. */
    private static final Pattern QUALIFIED = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:");

    private final RlsSettingsCache settings;

    public AccessResolver(RlsSettingsCache settings) {
        this.settings = settings;
    }

    public Uni<Access> resolve(PlatformPrincipal principal) {
        if (principal.isApiKey()) {
            return Uni.createFrom().item(new Access(principal.projectId(), principal.name(), RlsMode.PROJECT, true));
        }
        return settings.get(principal.projectId()).map(setting -> forUser(principal, setting));
    }

    static Access forUser(PlatformPrincipal principal, RlsSetting setting) {
        String ownerId = ownerId(principal, setting.userIdClaim());
        RlsMode mode = !setting.enabled() ? RlsMode.PROJECT
                : setting.policy() == RlsPolicy.OWNER_WRITE ? RlsMode.OWNER_WRITE : RlsMode.USER;
        return new Access(principal.projectId(), ownerId, mode, false);
    }

    /**
     * The owner id of the value of the claim named {@code claim} (a non-empty string, or an integer written
     * as one), qualified like the principal's own owner id.
     */
    static String ownerId(PlatformPrincipal principal, String claim) {
        Map<String, Object> claims = principal.claims();
        Object value = claims.get(claim);
        if (value == null && RlsSetting.DEFAULT_USER_ID_CLAIM.equals(claim)) {
            value = principal.sub();
        }
        String id = null;
        if (value instanceof String s) {
            id = s;
        } else if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            id = value.toString();
        }
        // Control characters (NUL above all) cannot travel in set_config's text or be stored as an owner id.
        if (id == null || id.isBlank() || id.length() > MAX_OWNER_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.forbidden("user_id_claim_missing",
                    "the token has no usable '" + claim + "' claim, which this project's RLS setting names as the user id");
        }
        // Rows written with an API key are owned by "api_key:<key id>"; an end user with such an id would own them too.
        if (id.startsWith(API_KEY_OWNER_PREFIX)) {
            throw ApiException.forbidden("user_id_reserved",
                    "the '" + claim + "' claim starts with '" + API_KEY_OWNER_PREFIX + "', which names API keys, not end users");
        }
        // An address the provider itself marks unverified proves nothing about who owns it.
        if (Boolean.FALSE.equals(claims.get("email_verified")) && id.equals(claims.get("email"))) {
            throw ApiException.forbidden("user_id_unverified",
                    "the '" + claim + "' claim is an email the identity provider marks unverified");
        }
        String ownerId = principal.ownerIdOf(id);
        // An unqualified (legacy provider's) id shaped like a qualified one would be another provider's user.
        if (ownerId.equals(id) && QUALIFIED.matcher(id).lookingAt()) {
            throw ApiException.forbidden("user_id_reserved",
                    "the '" + claim + "' claim has the form of another identity provider's owner id");
        }
        return ownerId;
    }
}
