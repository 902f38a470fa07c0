package studio.ainative.zerodb.security;

/** What {@code app.rls_mode} a request runs under; the policies in V1__zerodb_schema.sql read it. */
public enum AccessMode {

    /** Every row of the project: API keys, and end users of a project whose RLS is off. */
    PROJECT("project"),

    /** Own rows only: end users under policy {@code strict}. The platform-auth library calls this mode "user". */
    STRICT("user"),

    /** Read the project's rows, write own rows only: end users under policy {@code owner_write}. */
    OWNER_WRITE("owner_write");

    private final String setting;

    AccessMode(String setting) {
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
