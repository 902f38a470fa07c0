package studio.ainative.identity.jwks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * The usable verification keys of one provider, as last fetched. Keys are looked up by {@code kid}
 * inside this provider only, so two providers publishing the same {@code kid} never mix.
 *
 * @param byKid usable keys that carry a kid
 * @param withoutKid usable keys without a kid (only consulted when the token has no kid)
 * @param skipped keys present in the document but refused, with the reason
 * @param fetchedAt when the document was fetched
 * @param freshUntil when it should be fetched again (from Cache-Control, clamped)
 */
public record KeySet(
        Map<String, PublicJsonWebKey> byKid,
        List<PublicJsonWebKey> withoutKid,
        List<SkippedKey> skipped,
        Instant fetchedAt,
        Instant freshUntil) {

    public record SkippedKey(String kid, String reason) {
    }

    public Optional<PublicJsonWebKey> byKid(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    public int usableCount() {
        return byKid.size() + withoutKid.size();
    }

    public KeySet withFreshness(Instant fetched, Instant until) {
        return new KeySet(byKid, withoutKid, skipped, fetched, until);
    }
}
