package studio.ainative.platform.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The seeds of one fuzz target: every file of the test classpath folder {@code fuzz/<target>/} (in a
 * module's sources, {@code src/test/resources/fuzz/<target>/}), one input per file, in name order. The
 * seeds are replayed at the start of every run and drawn on by the generators; failing inputs the
 * fuzzer finds are added there ({@code found-*.txt}).
 */
public final class Corpus {

    private final List<String> seeds;

    Corpus(List<String> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    /** The seeds of {@code target}; a target without any is refused, so a mistyped folder cannot pass unseen. */
    public static Corpus load(String target) {
        URL folder = Thread.currentThread().getContextClassLoader().getResource("fuzz/" + target);
        if (folder == null || !"file".equals(folder.getProtocol())) {
            throw new IllegalStateException("no corpus folder fuzz/" + target + " on the test classpath");
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            List<String> seeds = files.filter(Files::isRegularFile).sorted().map(Corpus::read).toList();
            if (seeds.isEmpty()) {
                throw new IllegalStateException("the corpus folder fuzz/" + target + " is empty");
            }
            return new Corpus(seeds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a module keeps the corpus of {@code target} in its sources (Surefire runs in the module's folder). */
    static Path sourceFolder(String target) {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "resources", "fuzz", target);
    }

    public List<String> seeds() {
        return seeds;
    }

    public String pick(Random random) {
        return seeds.get(random.nextInt(seeds.size()));
    }
}
