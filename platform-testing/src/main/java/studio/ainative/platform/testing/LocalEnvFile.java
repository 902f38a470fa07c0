package studio.ainative.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's local environment as {@code deploy/local/env/<service>.env} defines it for ./dev, the
 * benchmarks and the tests alike: {@code KEY=value} lines, {@code #} comments and blank lines, and
 * {@code ${NAME}} placeholders that the caller supplies. An unsupplied placeholder or a line that is
 * not {@code KEY=value} is an error, never an empty value.
 */
public final class LocalEnvFile {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private LocalEnvFile() {
    }

    /** {@code deploy/local/env/<service>.env} of this reactor, expanded with {@code values}. */
    public static Map<String, String> of(String service, Map<String, String> values) {
        Path file = find(Path.of("deploy", "local", "env", service + ".env"));
        try {
            return parse(Files.readAllLines(file), values, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines' variables in file order; each placeholder replaced once (values are not expanded again). */
    static Map<String, String> parse(List<String> lines, Map<String, String> values, String source) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String where = source + ":" + (i + 1);
            if (equals < 0 || !KEY.matcher(line.substring(0, equals)).matches()) {
                throw new IllegalArgumentException(where + ": not KEY=value");
            }
            env.put(line.substring(0, equals), expand(line.substring(equals + 1), values, where));
        }
        return env;
    }

    private static String expand(String value, Map<String, String> values, String where) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (placeholder.find()) {
            String supplied = values.get(placeholder.group(1));
            if (supplied == null) {
                throw new IllegalArgumentException(where + ": ${" + placeholder.group(1) + "} is not supplied");
            }
            placeholder.appendReplacement(expanded, Matcher.quoteReplacement(supplied));
        }
        return placeholder.appendTail(expanded).toString();
    }

    /** The file below the working directory or one of its parents, up to the reactor root. */
    private static Path find(Path relative) {
        for (Path up = Path.of("").toAbsolutePath(); up != null; up = up.getParent()) {
            if (Files.isRegularFile(up.resolve(relative))) {
                return up.resolve(relative);
            }
            if (Files.isRegularFile(up.resolve("mvnw"))) {
                break;
            }
        }
        throw new IllegalStateException(relative + " not found from " + Path.of("").toAbsolutePath());
    }
}
