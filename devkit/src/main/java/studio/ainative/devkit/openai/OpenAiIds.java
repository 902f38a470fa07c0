package studio.ainative.devkit.openai;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers in OpenAI's formats. They name things, they guard nothing, so a fast random is enough. */
public final class OpenAiIds {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";

    private OpenAiIds() {
    }

    public static String completionId() {
        return "chatcmpl-" + random(ALPHANUMERIC, 29);
    }

    public static String requestId() {
        return "req_" + random(HEX, 32);
    }

    private static String random(String alphabet, int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
