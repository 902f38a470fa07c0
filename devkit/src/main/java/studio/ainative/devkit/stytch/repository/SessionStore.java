package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.ainative.devkit.stytch.Session;

/** Sessions by id and by opaque token. One lock keeps the two maps consistent with each other. */
@ApplicationScoped
public class SessionStore {

    private final Map<String, Session> sessionsById = new HashMap<>();
    private final Map<String, String> sessionIdsByToken = new HashMap<>();

    public synchronized void save(Session session) {
        sessionsById.put(session.sessionId(), session);
        sessionIdsByToken.put(session.token(), session.sessionId());
    }

    public synchronized Optional<Session> findById(String sessionId) {
        return Optional.ofNullable(sessionsById.get(sessionId));
    }

    public synchronized Optional<Session> findByToken(String token) {
        return Optional.ofNullable(sessionIdsByToken.get(token)).map(sessionsById::get);
    }

    /** A user's sessions that are live at {@code now}, oldest first. */
    public synchronized List<Session> liveSessionsOf(String userId, Instant now) {
        return sessionsById.values().stream()
                .filter(s -> s.userId().equals(userId) && s.isLiveAt(now))
                .sorted(Comparator.comparing(Session::startedAt).thenComparing(Session::sessionId))
                .toList();
    }

    /** Empty if the session was revoked in the meantime. */
    public synchronized Optional<Session> recordAccess(String sessionId, Instant now, Instant newExpiresAt) {
        return Optional.ofNullable(sessionsById.computeIfPresent(
                sessionId, (id, session) -> session.accessedAt(now, newExpiresAt)));
    }

    /** False if there was no such session. */
    public synchronized boolean delete(String sessionId) {
        Session removed = sessionsById.remove(sessionId);
        if (removed == null) {
            return false;
        }
        sessionIdsByToken.remove(removed.token());
        return true;
    }

    public synchronized void deleteAllOf(String userId) {
        sessionsById.values().stream().filter(s -> s.userId().equals(userId)).map(Session::sessionId).toList()
                .forEach(this::delete);
    }
}
