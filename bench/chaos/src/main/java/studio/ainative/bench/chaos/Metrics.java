package studio.ainative.bench.chaos;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a service's Prometheus text ({@code /q/metrics}) and sums series by name and labels. */
final class Metrics {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Http http;

    Metrics(Http http) {
        this.http = http;
    }

    /** The sum of {@code name}'s series whose labels include {@code labels}; NaN when the service did not answer. */
    double sum(String serviceUrl, String name, Map<String, String> labels) {
        Http.Reply reply = http.get(serviceUrl + "/q/metrics", Map.of());
        if (reply.status() != 200) {
            return Double.NaN;
        }
        return sumOf(reply.text(), name, labels);
    }

    static double sumOf(String text, String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find() || !m.group(1).equals(name) || !matches(m.group(3), labels)) {
                continue;
            }
            total += Double.parseDouble(m.group(4));
        }
        return total;
    }

    private static boolean matches(String labelText, Map<String, String> wanted) {
        if (wanted.isEmpty()) {
            return true;
        }
        Map<String, String> found = new java.util.HashMap<>();
        if (labelText != null) {
            Matcher m = LABEL.matcher(labelText);
            while (m.find()) {
                found.put(m.group(1), m.group(2));
            }
        }
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(found.get(e.getKey())));
    }
}
