package studio.ainative.devkit.openai;

import java.util.regex.Pattern;

/**
 * The paths the OpenAI emulator owns. Its /v1 paths sit beside Stytch's under the same prefix, so
 * both the OpenAI router and Stytch's Basic-auth filter use this to tell them apart.
 */
public final class OpenAiPaths {

    /** OpenAI's chat and model APIs, known routes or not: all answer in OpenAI's shapes. */
    public static final String API_REGEX = "/v1/(chat|models)(/.*)?";
    /** The emulator's fault-control endpoints. */
    public static final String DEV_REGEX = "/dev/openai(/.*)?";

    private static final Pattern API = Pattern.compile(API_REGEX);

    private OpenAiPaths() {
    }

    public static boolean isApi(String path) {
        return API.matcher(path).matches();
    }
}
