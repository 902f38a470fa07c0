package studio.ainative.devkit.openai.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import studio.ainative.devkit.openai.Fault;
import studio.ainative.devkit.openai.FaultRule;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.config.OpenAiConfig;
import studio.ainative.devkit.openai.repository.FaultRules;

/**
 * Arms and clears faults. Strict on purpose: a member that does not apply to the mode is refused
 * rather than ignored, so a test that misspells its fault fails loudly instead of passing quietly.
 */
@ApplicationScoped
public class FaultService {

    static final int DEFAULT_ERROR_STATUS = 500;
    static final int MAX_AFTER_CHUNKS = 100_000;
    static final int MAX_COUNT = 1_000_000;

    private final FaultRules rules;
    private final ModelCatalog catalog;
    private final OpenAiConfig config;

    public FaultService(FaultRules rules, ModelCatalog catalog, OpenAiConfig config) {
        this.rules = rules;
        this.catalog = catalog;
        this.config = config;
    }

    public FaultRule arm(String rawMode, Integer status, Long delayMs, Integer afterChunks, Integer count,
            String model) {
        Fault.Mode mode = mode(rawMode);
        Fault fault = new Fault(mode, status(mode, status), delay(mode, delayMs),
                afterChunks(mode, afterChunks), model(model));
        return rules.arm(fault, count(count)).orElseThrow(() -> OpenAiException.invalidRequest(null,
                "too_many_faults", "At most " + FaultRules.MAX_RULES + " faults can be armed; clear them first."));
    }

    public List<FaultRule> armed() {
        return rules.armed();
    }

    public int clear() {
        return rules.clear();
    }

    private static Fault.Mode mode(String raw) {
        if (raw == null) {
            throw OpenAiException.missingParameter("mode");
        }
        return Arrays.stream(Fault.Mode.values()).filter(mode -> mode.wireName().equals(raw)).findFirst()
                .orElseThrow(() -> OpenAiException.invalidRequest("mode", "invalid_value",
                        "mode must be one of error, delay, stall, disconnect."));
    }

    private static int status(Fault.Mode mode, Integer status) {
        if (mode != Fault.Mode.ERROR) {
            notApplicable("status", status, mode);
            return 0;
        }
        if (status == null) {
            return DEFAULT_ERROR_STATUS;
        }
        if (status < 400 || status > 599) {
            throw OpenAiException.invalidRequest("status", "invalid_value", "status must be between 400 and 599.");
        }
        return status;
    }

    private Duration delay(Fault.Mode mode, Long delayMs) {
        if (delayMs == null) {
            if (mode == Fault.Mode.DELAY) {
                throw OpenAiException.missingParameter("delay_ms");
            }
            return Duration.ZERO;
        }
        long max = config.maxFaultDelay().toMillis();
        if (delayMs < 0 || delayMs > max) {
            throw OpenAiException.invalidRequest("delay_ms", "invalid_value",
                    "delay_ms must be between 0 and " + max + ".");
        }
        return Duration.ofMillis(delayMs);
    }

    private static int afterChunks(Fault.Mode mode, Integer afterChunks) {
        if (mode != Fault.Mode.STALL && mode != Fault.Mode.DISCONNECT) {
            notApplicable("after_chunks", afterChunks, mode);
            return 0;
        }
        if (afterChunks == null) {
            return 0;
        }
        if (afterChunks < 0 || afterChunks > MAX_AFTER_CHUNKS) {
            throw OpenAiException.invalidRequest("after_chunks", "invalid_value",
                    "after_chunks must be between 0 and " + MAX_AFTER_CHUNKS + ".");
        }
        return afterChunks;
    }

    private static OptionalInt count(Integer count) {
        if (count == null) {
            return OptionalInt.empty();
        }
        if (count < 1 || count > MAX_COUNT) {
            throw OpenAiException.invalidRequest("count", "invalid_value",
                    "count must be between 1 and " + MAX_COUNT + "; leave it out to serve until cleared.");
        }
        return OptionalInt.of(count);
    }

    private String model(String model) {
        if (model != null && !catalog.serves(model)) {
            throw OpenAiException.invalidRequest("model", "invalid_value",
                    "devkit serves no model `" + OpenAiException.quoted(model) + "`; see GET /v1/models.");
        }
        return model;
    }

    private static void notApplicable(String param, Object value, Fault.Mode mode) {
        if (value != null) {
            throw OpenAiException.invalidRequest(param, "invalid_value",
                    param + " does not apply to mode " + mode.wireName() + ".");
        }
    }
}
