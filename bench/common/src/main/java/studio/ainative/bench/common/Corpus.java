package studio.ainative.bench.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Real English sentences from the Debian-packaged documentation on this machine ({@code /usr/share/doc}:
 * changelogs, copyright files, READMEs): deduplicated, 40 to 300 characters, mostly letters, in a
 * shuffled order fixed by the seed.
 */
public final class Corpus {

    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private Corpus() {
    }

    /** The corpus as a report describes it. */
    public static Map<String, Object> description(int sentences, int dims) {
        return Map.of("source", "/usr/share/doc (Debian package documentation)", "sentences", sentences,
                "model", "all-MiniLM-L6-v2 quantized (langchain4j, in-process)", "dims", dims);
    }

    public static List<String> sentences(Path root, int wanted, long seed) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(Corpus::isText).sorted().toList();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (Path file : files) {
            String text;
            try {
                text = read(file);
            } catch (IOException e) {
                continue;
            }
            for (String candidate : SENTENCE_END.split(SPACE.matcher(text).replaceAll(" "))) {
                String s = candidate.strip().replaceAll("^[*\\- ]+", "");
                if (s.length() >= 40 && s.length() <= 300 && letters(s) > 0.6 * s.length()) {
                    unique.add(s);
                }
            }
        }
        List<String> all = new ArrayList<>(unique);
        if (all.size() < wanted) {
            throw new IllegalStateException("only " + all.size() + " sentences under " + root + "; " + wanted + " wanted");
        }
        Collections.shuffle(all, new Random(seed));
        return List.copyOf(all.subList(0, wanted));
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".gz") && (name.startsWith("changelog") || name.startsWith("NEWS") || name.startsWith("README"))
                || name.equals("copyright") || name.equals("README") || name.equals("NEWS");
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return new String(in.readNBytes(4 * 1024 * 1024), StandardCharsets.UTF_8);
        }
    }

    private static long letters(String s) {
        return s.chars().filter(Character::isLetter).count();
    }
}
