package studio.ainative.identity.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A route's answers counted by HTTP status, for the plain Vert.x routes the HTTP server metrics skip (their per-request
 * timer and tag lookups cost a route that answers from memory 5-10% of its CPU). The expected statuses' counters are
 * registered up front, so counting an answer is an array scan and an increment.
 */
final class StatusCounters {

    private final MeterRegistry metrics;
    private final String name;
    private final int[] statuses;
    private final Counter[] counters;

    StatusCounters(MeterRegistry metrics, String name, String description, int... statuses) {
        this.metrics = metrics;
        this.name = name;
        this.statuses = statuses.clone();
        this.counters = new Counter[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            counters[i] = Counter.builder(name).description(description).tag("status", Integer.toString(statuses[i])).register(metrics);
        }
    }

    void count(int status) {
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] == status) {
                counters[i].increment();
                return;
            }
        }
        metrics.counter(name, "status", Integer.toString(status)).increment(); // not expected: looked up
    }
}
