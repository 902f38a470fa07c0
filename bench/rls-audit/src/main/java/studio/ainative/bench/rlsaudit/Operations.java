package studio.ainative.bench.rlsaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.Findings.Violation;

/** What the operations of one API share: the model, the requests, the findings, and how a response is judged. */
abstract class Operations {

    /** One kind of operation, drawn with {@code weight} among all kinds. */
    record Op(String kind, int weight, Consumer<Actor> run) {
    }

    final OwnershipModel model;
    final Api api;
    final Findings findings;
    final Random random;

    Operations(OwnershipModel model, Api api, Findings findings, Random random) {
        this.model = model;
        this.api = api;
        this.findings = findings;
        this.random = random;
    }

    abstract List<Op> operations();

    /**
     * Judges a response against the status (and problem code, when not null) the model expects. Returns whether the
     * platform did it (a 2xx), so the caller can apply the write to the model either way: a write that leaked is
     * still a write.
     */
    boolean expect(Response response, int status, String code) {
        int actual = response.status();
        boolean expectedOk = status < 300;
        boolean ok = actual < 300;
        if (actual >= 500) {
            return false; // counted by Api as a server error
        }
        if (expectedOk && ok) {
            findings.check(actual == status, Violation.STATUS, "expected " + status + ", got " + actual);
        } else if (!expectedOk && ok) {
            findings.check(false, Violation.LEAK, "expected " + status + " " + code + ", got " + actual + ": " + excerpt(response));
        } else if (expectedOk) {
            findings.check(false, Violation.DENIED, "expected " + status + ", got " + actual + ": " + excerpt(response));
        } else {
            String actualCode = code(response);
            findings.check(actual == status && (code == null || code.equals(actualCode)), Violation.STATUS,
                    "expected " + status + " " + code + ", got " + actual + " " + actualCode);
        }
        return ok;
    }

    /**
     * Judges a listing: {@code seen} must hold nothing outside {@code visible} (else a leak), and, when the listing is
     * complete ({@code exact}), everything in it (else the owner lost sight of their own).
     */
    <T extends Comparable<T>> void expectSet(String what, Collection<T> seen, Set<T> visible, boolean exact) {
        Set<T> leaked = new TreeSet<>(seen);
        leaked.removeAll(visible);
        findings.check(leaked.isEmpty(), Violation.LEAK, what + " returned " + leaked.size() + " object(s) the actor may not see: " + first(leaked));
        findings.check(seen.size() == new TreeSet<>(seen).size(), Violation.STATUS, what + " returned an object twice");
        if (exact) {
            Set<T> missing = new TreeSet<>(visible);
            missing.removeAll(seen);
            findings.check(missing.isEmpty(), Violation.DENIED, what + " left out " + missing.size() + " visible object(s): " + first(missing));
        }
    }

    /** The text of {@code member} of each element of {@code items} (a listing's array). */
    static List<String> texts(JsonNode items, String member) {
        List<String> values = new ArrayList<>();
        items.forEach(item -> values.add(member == null ? item.asText() : item.path(member).asText()));
        return values;
    }

    /** As {@link #texts}, each a UUID. */
    static List<java.util.UUID> uuids(JsonNode items, String member) {
        return texts(items, member).stream().map(java.util.UUID::fromString).toList();
    }

    /** The problem's {@code code} (RFC 9457 envelope) or OpenAI's {@code error.code}. */
    static String code(Response response) {
        JsonNode body = response.json();
        if (body == null) {
            return null;
        }
        JsonNode code = body.has("error") && body.get("error").isObject() ? body.get("error").get("code") : body.get("code");
        return code == null || code.isNull() ? null : code.asText();
    }

    static String excerpt(Response response) {
        String text = response.text();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static <T> String first(Set<T> items) {
        return items.stream().limit(3).map(String::valueOf).toList().toString();
    }

    /** One of {@code items} at random, or null when there are none. */
    <T> T pick(List<T> items) {
        return items.isEmpty() ? null : items.get(random.nextInt(items.size()));
    }

    /** A project for a target: the actor's own most of the time, another one otherwise (learned ids, not guesses). */
    int targetProject(Actor actor) {
        return random.nextInt(10) < 7 ? actor.project() : (actor.project() + 1 + random.nextInt(model.projects.size() - 1)) % model.projects.size();
    }

    float[] embedding(int dims) {
        float[] values = new float[dims];
        for (int i = 0; i < dims; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static List<Float> boxed(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    /** A short marker unique within the run, drawn from the seed. */
    String marker() {
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }
}
