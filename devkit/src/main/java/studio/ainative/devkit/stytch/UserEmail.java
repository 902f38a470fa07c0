package studio.ainative.devkit.stytch;

public record UserEmail(String emailId, String address, boolean verified) {

    public static UserEmail unverified(EmailAddress address) {
        return new UserEmail(StytchIds.emailId(), address.value(), false);
    }

    public UserEmail asVerified() {
        return new UserEmail(emailId, address, true);
    }
}
