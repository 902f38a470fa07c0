package studio.ainative.deploy.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as its instructions: comments and blank lines dropped, continuation lines joined. Enough of
 * the format for the checks (no heredocs, no parser directives: the services' build files use neither).
 */
record BuildFile(Path path, List<Instruction> instructions) {

    private static final Pattern LABEL = Pattern.compile("([A-Za-z0-9._-]+)=\"([^\"]*)\"");

    /** One instruction: its keyword in upper case and the rest of its line. */
    record Instruction(String keyword, String arguments) {

        /** The arguments split at spaces, flags ({@code --chown=185}) left out. */
        List<String> operands() {
            List<String> operands = new ArrayList<>();
            for (String token : arguments.trim().split("\\s+")) {
                if (!token.startsWith("--")) {
                    operands.add(token);
                }
            }
            return operands;
        }
    }

    static BuildFile read(Path path) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(path)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && pending.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String whole = pending.toString().trim();
            pending.setLength(0);
            int space = whole.indexOf(' ');
            instructions.add(new Instruction(whole.substring(0, space < 0 ? whole.length() : space).toUpperCase(Locale.ROOT),
                    space < 0 ? "" : whole.substring(space + 1).trim()));
        }
        return new BuildFile(path, List.copyOf(instructions));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The argument of the only {@code keyword} instruction; fails when there is none or several. */
    String only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError(path + ": expected one " + keyword + ", found " + found.size());
        }
        return found.get(0).arguments();
    }

    /** Every {@code LABEL key="value"}, in order. */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Instruction label : all("LABEL")) {
            Matcher matcher = LABEL.matcher(label.arguments());
            while (matcher.find()) {
                labels.put(matcher.group(1), matcher.group(2));
            }
        }
        return labels;
    }

    /** The names of the build arguments ({@code ARG NAME=default}). */
    List<String> args() {
        return all("ARG").stream().map(a -> a.arguments().split("=", 2)[0].trim()).toList();
    }
}
