package studio.ainative.platform.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A time-bounded fuzz run of one target: the seeds of its {@link Corpus} first, then generated inputs until
 * the budget is spent. Every input must either pass or be refused with the target's documented rejection;
 * anything else thrown (NPE, ClassCastException, StackOverflowError, OutOfMemoryError, ...) fails the run,
 * and so does an input that takes longer than {@link #PER_INPUT_LIMIT}, or one that never returns.
 *
 * <p>The budget is {@code -Dfuzz.duration} ({@code 30s} by default, {@code 10m} for the long form; any
 * {@code Ns}, {@code Nm} or ISO-8601 duration). The random seed is {@code -Dfuzz.seed} or the clock's;
 * the report names it. A failing input is written to the corpus folder in the module's sources
 * ({@code src/test/resources/fuzz/<target>/found-<sha256>.txt}), so that every later run replays it.
 *
 * <p>Timing: the first inputs of a JVM run interpreted, so a warm-up of generated inputs (checked but not
 * timed) comes first. An input over the limit is run twice more and counts as slow only if each run is
 * over it too: a garbage-collection pause or a neighbour on the CPU does not repeat three times, a
 * quadratic parse does.
 */
public final class Fuzz {

    /** What the issue asks of every input: no hang over 100 ms. */
    public static final Duration PER_INPUT_LIMIT = Duration.ofMillis(100);
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);
    /** Longer than any input may take; a run still going past budget plus this is a hang. */
    private static final Duration HANG_GRACE = Duration.ofSeconds(60);
    private static final int SLOW_RERUNS = 2;

    /** The code under test, run once per input. */
    @FunctionalInterface
    public interface Target {
        void run(String input) throws Exception;
    }

    private final String name;
    private final Corpus corpus;
    private final BiFunction<Random, Corpus, String> generator;
    private final Target target;
    private final Predicate<Throwable> rejection;
    private final UnaryOperator<String> seedInput;
    private final Duration budget;
    private final Duration warmUp;
    private final long seed;
    private final Path saveFolder;

    private Fuzz(String name, Corpus corpus, BiFunction<Random, Corpus, String> generator, Target target,
                 Predicate<Throwable> rejection, UnaryOperator<String> seedInput, Duration budget, long seed, Path saveFolder) {
        this.name = name;
        this.corpus = corpus;
        this.generator = generator;
        this.target = target;
        this.rejection = rejection;
        this.seedInput = seedInput;
        this.budget = budget;
        // A tenth of the budget, between 2 s (or the budget, if shorter) and 20 s: enough for C2 to compile the hot paths.
        long millis = budget.toMillis();
        this.warmUp = Duration.ofMillis(Math.max(Math.min(2_000, millis), Math.min(20_000, millis / 10)));
        this.seed = seed;
        this.saveFolder = saveFolder;
    }

    /**
     * @param name      the target's name, also its corpus folder {@code fuzz/<name>/}
     * @param generator makes one input from the random source; it may draw on the corpus's seeds
     * @param target    the code under test
     * @param rejection the documented refusals (anything else thrown is a failure)
     */
    public static Fuzz of(String name, BiFunction<Random, Corpus, String> generator, Target target, Predicate<Throwable> rejection) {
        return new Fuzz(name, Corpus.load(name), generator, target, rejection, UnaryOperator.identity(),
                budgetFromProperty(), seedFromProperty(), Corpus.sourceFolder(name));
    }

    /** The same target with another budget. */
    public Fuzz withBudget(Duration newBudget) {
        return new Fuzz(name, corpus, generator, target, rejection, seedInput, newBudget, seed, saveFolder);
    }

    /**
     * The same target, its corpus's seeds turned into inputs by {@code form} before they are replayed (e.g. a
     * header and a payload signed into a token); {@code form} must return a saved failing input unchanged.
     */
    public Fuzz withSeedForm(UnaryOperator<String> form) {
        return new Fuzz(name, corpus, generator, target, rejection, form, budget, seed, saveFolder);
    }

    /** The same target, failing inputs saved to {@code folder} instead of the module's corpus (the harness's own tests). */
    Fuzz savingTo(Path folder) {
        return new Fuzz(name, corpus, generator, target, rejection, seedInput, budget, seed, folder);
    }

    /** The budget {@code -Dfuzz.duration} sets, or {@link #DEFAULT_BUDGET}. */
    public static Duration budgetFromProperty() {
        String value = System.getProperty("fuzz.duration");
        return value == null || value.isBlank() ? DEFAULT_BUDGET : parseDuration(value);
    }

    static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("fuzz.duration: " + value + " (use 30s, 10m or ISO-8601)");
        };
    }

    private static long seedFromProperty() {
        String value = System.getProperty("fuzz.seed");
        return value == null || value.isBlank() ? System.nanoTime() : Long.parseLong(value.trim());
    }

    /** Runs the target for its budget; throws {@link AssertionError} naming the input on the first failure. */
    public FuzzReport run() {
        Loop loop = new Loop();
        Thread worker = new Thread(loop, "fuzz-" + name);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(budget.plus(warmUp).plus(HANG_GRACE).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (worker.isAlive()) {
            String input = loop.current.get();
            worker.interrupt();
            throw failure("no answer after " + HANG_GRACE.toSeconds() + " s (a hang)", input, null);
        }
        if (loop.failure != null) {
            throw loop.failure;
        }
        System.out.println(loop.report.summary());
        return loop.report;
    }

    private final class Loop implements Runnable {
        final AtomicReference<String> current = new AtomicReference<>();
        volatile AssertionError failure;
        volatile FuzzReport report;

        @Override
        public void run() {
            try {
                report = fuzz();
            } catch (AssertionError e) {
                failure = e;
            } catch (Throwable t) {
                // not the target's fault: nothing to keep as a seed
                failure = new AssertionError("fuzz target " + name + " (seed " + seed + "): the generator failed", t);
            }
        }

        private FuzzReport fuzz() {
            Random random = new Random(seed);
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            long warmUpInputs = 0;
            while (System.nanoTime() < warmUpEnd) {
                check(generator.apply(random, corpus));
                warmUpInputs++;
            }
            FuzzReport.Tally tally = new FuzzReport.Tally();
            long start = System.nanoTime();
            for (String seedText : corpus.seeds()) {
                current.set(seedText);
                String input = seedInput.apply(seedText);
                tally.record(timed(input), input);
            }
            int corpusInputs = corpus.seeds().size();
            long end = start + budget.toNanos();
            while (System.nanoTime() < end) {
                String input = generator.apply(random, corpus);
                tally.record(timed(input), input);
            }
            return tally.report(name, seed, corpusInputs, warmUpInputs, Duration.ofNanos(System.nanoTime() - start));
        }

        /** Runs the input; returns whether it was refused and how long it took (the least of its runs if slow). */
        private FuzzReport.Outcome timed(String input) {
            long nanos = Long.MAX_VALUE;
            boolean refused = false;
            for (int run = 0; run <= SLOW_RERUNS; run++) {
                long t0 = System.nanoTime();
                refused = check(input);
                nanos = Math.min(nanos, System.nanoTime() - t0);
                if (nanos <= PER_INPUT_LIMIT.toNanos()) {
                    return new FuzzReport.Outcome(refused, nanos);
                }
            }
            throw failure(String.format(Locale.ROOT, "took %.1f ms on each of %d runs (limit %d ms)",
                    nanos / 1e6, SLOW_RERUNS + 1, PER_INPUT_LIMIT.toMillis()), input, null);
        }

        /** True when the target refused the input as documented; throws on anything else. */
        private boolean check(String input) {
            current.set(input);
            try {
                target.run(input);
                return false;
            } catch (Throwable t) {
                if (rejection.test(t)) {
                    return true;
                }
                throw failure("threw " + t, input, t);
            }
        }
    }

    private AssertionError failure(String what, String input, Throwable cause) {
        String saved = save(input);
        String shown = input == null ? "(none)" : input.length() > 2_000 ? input.substring(0, 2_000) + "… (" + input.length() + " chars)" : input;
        return new AssertionError("fuzz target " + name + " (seed " + seed + "): an input " + what
                + "\n  input: " + shown + "\n  saved as a regression seed: " + saved, cause);
    }

    /** Writes the input into the module's corpus folder; returns where, or why it could not. */
    private String save(String input) {
        if (input == null) {
            return "(no input)";
        }
        try {
            Files.createDirectories(saveFolder);
            Path file = saveFolder.resolve("found-" + sha256(input).substring(0, 16) + ".txt");
            byte[] utf8 = input.getBytes(StandardCharsets.UTF_8);  // an unpaired surrogate becomes '?'
            Files.write(file, utf8);
            return file + (new String(utf8, StandardCharsets.UTF_8).equals(input) ? "" : " (unpaired surrogates written as '?')");
        } catch (IOException | UncheckedIOException e) {
            return "not saved (" + e + ")";
        }
    }

    private static String sha256(String input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A predicate for "one of these exception types". */
    @SafeVarargs
    public static Predicate<Throwable> oneOf(Class<? extends Throwable>... types) {
        List<Class<? extends Throwable>> accepted = List.of(types);
        return t -> accepted.stream().anyMatch(type -> type.isInstance(Objects.requireNonNull(t)));
    }
}
