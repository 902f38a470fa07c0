package studio.ainative.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as its instructions: comments and blank lines dropped, continuation lines joined. Enough of
 * the format for the checks (no heredocs, no parser directives: the services' build files use neither). Read by
 * deploy/image-check, which checks the services' build files, and by the benchmarks that run a service as its image
 * does (bench/verify: the AOT cache's training and the ENTRYPOINT's JVM arguments).
 */
public record BuildFile(Path path, List<Instruction> instructions) {

    private static final Pattern LABEL = Pattern.compile("([A-Za-z0-9._-]+)=\"([^\"]*)\"");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** One instruction: its keyword in upper case and the rest of its line. */
    public record Instruction(String keyword, String arguments) {

        /** The arguments split at spaces, flags ({@code --chown=185}) left out. */
        public List<String> operands() {
            List<String> operands = new ArrayList<>();
            for (String token : arguments.trim().split("\\s+")) {
                if (!token.startsWith("--")) {
                    operands.add(token);
                }
            }
            return operands;
        }
    }

    public static BuildFile read(Path path) throws IOException {
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

    public List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The argument of the only {@code keyword} instruction; fails when there is none or several. */
    public String only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError(path + ": expected one " + keyword + ", found " + found.size());
        }
        return found.get(0).arguments();
    }

    /** Every {@code LABEL key="value"}, in order. */
    public Map<String, String> labels() {
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
    public List<String> args() {
        return all("ARG").stream().map(a -> a.arguments().split("=", 2)[0].trim()).toList();
    }

    /** The command of an exec-form instruction ({@code ["java", "-jar", "app.jar"]}); fails on the shell form. */
    public static List<String> execForm(String arguments) {
        String trimmed = arguments.trim();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            throw new AssertionError("ENTRYPOINT must be in exec form (a JSON array), so no shell runs: " + arguments);
        }
        List<String> command = new ArrayList<>();
        Matcher item = QUOTED.matcher(trimmed);
        while (item.find()) {
            command.add(item.group(1));
        }
        return command;
    }

    /** The JVM option that makes a run write a JDK AOT cache to the file it names. */
    public static final String AOT_CACHE_OUTPUT = "-XX:AOTCacheOutput=";

    /**
     * A {@code RUN} that trains a JDK AOT cache: the JVM command (its shell form's first command, the one naming
     * {@link #AOT_CACHE_OUTPUT} once) and the cache file it writes.
     */
    public record AotTraining(Instruction run, List<String> command, String cache) {
    }

    /**
     * The {@code RUN} training a JDK AOT cache, when there is one; fails when more than one does, or when its JVM command
     * names the output more than once (the JVM would write only the last).
     */
    public Optional<AotTraining> aotTraining() {
        List<AotTraining> trainings = new ArrayList<>();
        for (Instruction run : all("RUN")) {
            List<String> command = shellCommands(run.arguments()).get(0);
            List<String> outputs = command.stream().filter(argument -> argument.startsWith(AOT_CACHE_OUTPUT)).toList();
            if (outputs.size() > 1) {
                throw new AssertionError(path + ": the AOT training names " + AOT_CACHE_OUTPUT + " more than once: " + run.arguments());
            }
            if (outputs.size() == 1) {
                trainings.add(new AotTraining(run, command, outputs.get(0).substring(AOT_CACHE_OUTPUT.length())));
            }
        }
        if (trainings.size() > 1) {
            throw new AssertionError(path + ": more than one RUN trains an AOT cache");
        }
        return trainings.stream().findFirst();
    }

    /** The commands of a shell-form instruction ({@code a x; b y}), each split at spaces; no quoting is understood. */
    public static List<List<String>> shellCommands(String arguments) {
        List<List<String>> commands = new ArrayList<>();
        for (String command : arguments.split(";")) {
            commands.add(List.of(command.trim().split("\\s+")));
        }
        return commands;
    }
}
