package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import studio.ainative.devkit.stytch.OtpCode;

/**
 * One passcode per method_id (email id): sending another replaces it, as Stytch invalidates the
 * earlier code. Used codes are kept, so a replay is told "already used or expired" (401).
 */
@ApplicationScoped
public class OtpStore {

    private final Map<String, OtpCode> codesByMethodId = new ConcurrentHashMap<>();

    public void save(OtpCode code) {
        codesByMethodId.put(code.methodId(), code);
    }

    public Optional<OtpCode> findByMethodId(String methodId) {
        return Optional.ofNullable(codesByMethodId.get(methodId));
    }

    /** Atomically spends an unused code; false if another request spent or replaced it first. */
    public boolean markUsed(OtpCode unused) {
        return !unused.used() && codesByMethodId.replace(unused.methodId(), unused, unused.asUsed());
    }

    public void deleteAllOf(String userId) {
        codesByMethodId.values().removeIf(code -> code.userId().equals(userId));
    }
}
