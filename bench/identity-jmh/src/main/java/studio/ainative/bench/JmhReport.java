package studio.ainative.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The report run.sh prints after JMH: each score, and per signature provider the pipeline's rate against raw JCA
 * {@code Signature.verify} (the budget: at least 70%, issue 15) and against {@code getInstance} on every call.
 * {@code java -cp identity-jmh.jar studio.ainative.bench.JmhReport target/jmh-result.json}; exits 1 when a benchmark
 * left no score (a failed set-up check, a missing class: such a run measured nothing).
 */
public final class JmhReport {

    static final double BUDGET = 0.70;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One benchmark's score on one provider ({@code -} without the parameter); error null when JMH could not tell it. */
    record Score(String benchmark, String provider, double score, Double error, String unit) {
    }

    private JmhReport() {
    }

    public static void main(String[] args) throws IOException {
        Path result = Path.of(args[0]);
        List<Score> scores = scores(JSON.readTree(result.toFile()));
        if (scores.isEmpty() || scores.stream().anyMatch(s -> !(s.score() > 0))) {
            System.err.println("no scores in " + result + ": a benchmark failed (see above)");
            System.exit(1);
        }
        System.out.println();
        System.out.print(table(scores));
        System.out.println();
        verdicts(scores, BUDGET).forEach(System.out::println);
    }

    /** The scores of JMH's JSON result (an array of runs). */
    static List<Score> scores(JsonNode runs) {
        List<Score> scores = new ArrayList<>();
        for (JsonNode run : runs) {
            String benchmark = run.path("benchmark").asText();
            JsonNode metric = run.path("primaryMetric");
            JsonNode error = metric.path("scoreError");
            scores.add(new Score(benchmark.substring(benchmark.lastIndexOf('.') + 1), run.path("params").path("provider").asText("-"),
                    metric.path("score").asDouble(), error.isNumber() ? error.asDouble() : null, metric.path("scoreUnit").asText()));
        }
        return scores;
    }

    /** One line per score: benchmark, provider, score, ± error, unit, in aligned columns. */
    static String table(List<Score> scores) {
        List<Function<Score, String>> columns = List.of(Score::benchmark, Score::provider, s -> Long.toString(Math.round(s.score())),
                s -> s.error() == null ? "" : "± " + Math.round(s.error()), Score::unit);
        StringBuilder out = new StringBuilder();
        for (Score score : scores) {
            StringBuilder line = new StringBuilder();
            for (Function<Score, String> column : columns) {
                int width = scores.stream().mapToInt(s -> column.apply(s).length()).max().orElse(0);
                line.append(String.format("%-" + (width + 2) + "s", column.apply(score)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Per provider: pipeline ÷ rawJcaVerify with its verdict against {@code budget}, and pipeline ÷ rawJcaVerifyNewInstance. */
    static List<String> verdicts(List<Score> scores, double budget) {
        Map<String, Map<String, Double>> byProvider = new TreeMap<>();
        for (Score score : scores) {
            byProvider.computeIfAbsent(score.provider(), p -> new TreeMap<>()).put(score.benchmark(), score.score());
        }
        List<String> lines = new ArrayList<>();
        byProvider.forEach((provider, s) -> {
            Double pipeline = s.get("pipeline");
            Double raw = s.get("rawJcaVerify");
            if (pipeline == null || raw == null) {
                lines.add(provider + ": ratio not computed: run both pipeline and rawJcaVerify");
                return;
            }
            double ratio = pipeline / raw;
            lines.add(String.format("%s: pipeline / rawJcaVerify            = %s  (target >= %s: %s)", provider, percent(ratio), percent(budget),
                    ratio >= budget ? "met" : "NOT met"));
            Double newInstance = s.get("rawJcaVerifyNewInstance");
            if (newInstance != null) {
                lines.add(String.format("%s: pipeline / rawJcaVerifyNewInstance = %s", provider, percent(pipeline / newInstance)));
            }
        });
        return lines;
    }

    /** A ratio as a percentage to one decimal, without a trailing ".0" (0.7 → 70%, 0.5912 → 59.1%). */
    static String percent(double ratio) {
        double tenths = Math.round(ratio * 1000) / 10.0;
        return (tenths == Math.rint(tenths) ? Long.toString((long) tenths) : Double.toString(tenths)) + "%";
    }
}
