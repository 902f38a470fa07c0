package studio.ainative.bench.rlsaudit;

/**
 * Who sends a request: a project's API key or an end user, and which {@code X-Project-ID} goes with it.
 *
 * @param project the project whose credential it is (for an end user: the project the request acts in)
 * @param user    the end user's index, -1 for an API key
 * @param header  what {@code X-Project-ID} says
 */
record Actor(int project, int user, Header header) {

    /** What the request's {@code X-Project-ID} names. */
    enum Header {
        /** The actor's own project (always sent by end users: their issuer is shared by several projects). */
        OWN,
        /** No header (API keys only: the key names its project). */
        NONE,
        /** Another audit project: an API key with it is refused (403 project_mismatch). */
        OTHER_PROJECT,
        /** A project that does not exist: refused (403 project_mismatch). */
        UNKNOWN_PROJECT
    }

    static Actor key(int project, Header header) {
        return new Actor(project, -1, header);
    }

    static Actor user(int user, int project, Header header) {
        return new Actor(project, user, header);
    }

    boolean isKey() {
        return user < 0;
    }

    /** Whether identity must refuse the request's project before any service looks at it. */
    boolean foreignHeader() {
        return header == Header.OTHER_PROJECT || header == Header.UNKNOWN_PROJECT;
    }

    /** The actor's class in the summary. */
    String label() {
        String who = isKey() ? "api_key" : "user";
        return switch (header) {
            case OWN, NONE -> who;
            case OTHER_PROJECT -> who + "+other_project_header";
            case UNKNOWN_PROJECT -> who + "+unknown_project_header";
        };
    }

    @Override
    public String toString() {
        return (isKey() ? "key(p" + project + ")" : "user(u" + user + ",p" + project + ")") + (header == Header.OWN || header == Header.NONE ? "" : "+" + header);
    }
}
