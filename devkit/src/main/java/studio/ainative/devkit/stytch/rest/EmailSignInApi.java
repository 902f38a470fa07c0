package studio.ainative.devkit.stytch.rest;

import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.repository.UserStore.LoginOrCreate;
import studio.ainative.devkit.stytch.service.SignIns.EmailSignIn;

/**
 * Response bodies magic links and one-time passcodes share: Stytch answers their send,
 * login_or_create and authenticate calls in the same shapes.
 */
public final class EmailSignInApi {

    private EmailSignInApi() {
    }

    public record SendResponse(String requestId, String userId, String emailId, int statusCode) {
        static SendResponse of(User user) {
            return new SendResponse(StytchIds.requestId(), user.userId(), user.email().emailId(), 200);
        }
    }

    public record LoginOrCreateResponse(String requestId, String userId, String emailId, boolean userCreated,
                                        int statusCode) {
        static LoginOrCreateResponse of(LoginOrCreate result) {
            return new LoginOrCreateResponse(StytchIds.requestId(), result.user().userId(),
                    result.user().email().emailId(), result.created(), 200);
        }
    }

    /** {@code method_id} is the email id; {@code reset_sessions} is always false in devkit. */
    public record AuthenticateResponse(
            String requestId,
            String userId,
            String methodId,
            String sessionToken,
            String sessionJwt,
            SessionView session,
            UserView user,
            boolean resetSessions,
            int statusCode) {
        static AuthenticateResponse of(EmailSignIn result, UserViews userViews) {
            StartedSession session = StartedSession.of(result.signedIn().session());
            return new AuthenticateResponse(StytchIds.requestId(), result.signedIn().user().userId(),
                    result.methodId(), session.token(), session.jwt(), session.session(),
                    userViews.of(result.signedIn().user()), false, 200);
        }
    }
}
