package studio.ainative.bench.chaos;

/**
 * One request of the load: its operation, when it started (ms since the suite's start), how long it took, the
 * status it got ({@link Http#IO_ERROR}, {@link Http#TIMEOUT} for none), whether it did what it should (a 200
 * can still be wrong: an inactive introspection, a broken stream, a corrupt download) and a short note (an
 * error code, a header).
 */
record Sample(String op, long startMs, double latencyMs, int status, boolean ok, String note) {

    /** What the reports count errors by: {@code 503}, {@code io}, {@code timeout}, {@code 200:broken_stream}. */
    String statusName() {
        String name = switch (status) {
            case Http.IO_ERROR -> "io";
            case Http.TIMEOUT -> "timeout";
            default -> Integer.toString(status);
        };
        return !ok && status >= 200 && status < 300 ? name + ":" + note : name;
    }

    boolean serverError() {
        return status >= 500 || status == Http.IO_ERROR || status == Http.TIMEOUT;
    }
}
