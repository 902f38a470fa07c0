package studio.ainative.devkit.stytch;

public record UserEmail(String emailId, String address, boolean verified) {

    public UserEmail asVerified() {
        return new UserEmail(emailId, address, true);
    }
}
