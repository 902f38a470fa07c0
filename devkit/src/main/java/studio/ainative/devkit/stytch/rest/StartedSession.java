package studio.ainative.devkit.stytch.rest;

import java.util.Optional;
import studio.ainative.devkit.stytch.service.IssuedSession;

/**
 * The session members of an authenticate response. Without a session Stytch answers with empty
 * token strings and a null session.
 */
record StartedSession(String token, String jwt, SessionView session) {

    static StartedSession of(Optional<IssuedSession> issued) {
        return issued.map(s -> new StartedSession(s.session().token(), s.jwt().compact(), SessionView.of(s.session())))
                .orElse(new StartedSession("", "", null));
    }
}
