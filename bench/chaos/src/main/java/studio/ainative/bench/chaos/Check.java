package studio.ainative.bench.chaos;

/** One claim a fault checks, whether it held, and what was seen. */
record Check(String claim, boolean passed, String seen) {

    static Check of(String claim, boolean passed, String seen) {
        return new Check(claim, passed, seen);
    }
}
