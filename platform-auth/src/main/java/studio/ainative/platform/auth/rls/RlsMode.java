package studio.ainative.platform.auth.rls;

/** What {@code app.rls_mode} tells the policies. */
public enum RlsMode {

    /** Every row of the project: API keys, and end users of a project whose RLS is off. */
    PROJECT("project"),

    /** Only rows whose owner is {@code app.user_id}: end users under {@code policy: strict}. */
    USER("user");

    private final String setting;

    RlsMode(String setting) {
        this.setting = setting;
    }

    /** The value policies compare {@code current_setting('app.rls_mode', true)} with. */
    public String setting() {
        return setting;
    }
}
