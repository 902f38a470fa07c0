package studio.ainative.devkit.stytch.service;

import studio.ainative.devkit.stytch.Session;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.security.MintedJwt;

/** A session as it stands after a call, with a freshly minted JWT and its user. */
public record IssuedSession(Session session, MintedJwt jwt, User user) {
}
