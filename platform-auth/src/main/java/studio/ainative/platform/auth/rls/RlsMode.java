package studio.ainative.platform.auth.rls;

/** What {@code app.rls_mode} tells the policies. */
public enum RlsMode {

    /** Every row of the project: API keys, and end users of a project whose RLS is off. */
    PROJECT("project"),

    /** Only rows whose owner is {@code app.user_id}: end users under {@code policy: strict}. */
    USER("user"),

    /**
     * Read every row of the project, write only rows whose owner is {@code app.user_id}: end users under
     * {@code policy: owner_write}. Policies must tell reads from writes (separate {@code FOR SELECT} and
     * {@code FOR INSERT/UPDATE/DELETE} policies) for this mode to mean anything.
     */
    OWNER_WRITE("owner_write");

    private final String setting;

    RlsMode(String setting) {
        this.setting = setting;
    }

    /** The value policies compare {@code current_setting('app.rls_mode', true)} with. */
    public String setting() {
        return setting;
    }
}
