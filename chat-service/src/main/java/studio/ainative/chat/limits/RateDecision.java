package studio.ainative.chat.limits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request's admission against its caller's per-minute limits, with OpenAI's rate-limit headers.
 *
 * @param source where the decision came from: {@code redis} (shared by every replica), {@code ahead} (admitted
 *               ahead of Redis from this replica's recent view of the caller's counts, the request counted in
 *               Redis meanwhile: see RateLimiter), {@code local} (this
 *               replica alone, Redis unreachable past the fail-open bound) or {@code open} (Redis unreachable,
 *               within the bound: admitted uncounted, no headers)
 */
public record RateDecision(boolean allowed, String source, long requestLimit, long requestsUsed, long tokenLimit,
                           long tokensUsed, long resetMillis) {

    static RateDecision open() {
        return new RateDecision(true, "open", 0, 0, 0, 0, 0);
    }

    /** Which limit refused: {@code requests} or {@code tokens}. */
    public String exceeded() {
        return requestsUsed >= requestLimit ? "requests" : "tokens";
    }

    /** {@code x-ratelimit-*} (and {@code Retry-After} when refused); none for an uncounted decision. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if ("open".equals(source)) {
            return headers;
        }
        String reset = duration(resetMillis);
        headers.put("x-ratelimit-limit-requests", Long.toString(requestLimit));
        headers.put("x-ratelimit-remaining-requests", Long.toString(Math.max(0, requestLimit - requestsUsed)));
        headers.put("x-ratelimit-reset-requests", reset);
        headers.put("x-ratelimit-limit-tokens", Long.toString(tokenLimit));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, tokenLimit - tokensUsed)));
        headers.put("x-ratelimit-reset-tokens", reset);
        if (!allowed) {
            headers.put("Retry-After", Long.toString(Math.max(1, (resetMillis + 999) / 1000)));
        }
        return headers;
    }

    /** OpenAI's reset format: {@code 20ms}, {@code 17s}, {@code 1m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
