// The official stytch Node client, unchanged but for custom_base_url, against devkit's Stytch emulator: every
// sign-in method the guide lists (magic links, one-time passcodes, passwords, Google OAuth), the users and
// sessions APIs, the errors the client raises as StytchError, and each session JWT's factor, read back with the
// client's own local JWT verification (devkit's JWKS). Exits non-zero on the first difference.
// Environment: STYTCH_BASE_URL (https), STYTCH_PROJECT_ID, STYTCH_SECRET, STYTCH_PUBLIC_TOKEN.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, StytchError } from 'stytch';

const base = process.env.STYTCH_BASE_URL;
const projectId = process.env.STYTCH_PROJECT_ID;
const publicToken = process.env.STYTCH_PUBLIC_TOKEN;
const client = new Client({ project_id: projectId, secret: process.env.STYTCH_SECRET, custom_base_url: base });
const run = randomUUID();
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function pass(what) {
  console.log(`  ok: ${what}`);
}

function email(label) {
  return `${label}-${run}@example.com`;
}

/** devkit's outbox: what Stytch would have emailed, or handed the browser after OAuth. */
async function outbox(address, kind) {
  const url = new URL('/dev/outbox', base);
  url.searchParams.set('email', address);
  url.searchParams.set('kind', kind);
  const response = await fetch(url);
  assert.equal(response.status, 200, `outbox for ${address} (${kind})`);
  return response.json();
}

/** The call fails with the client's StytchError carrying Stytch's error envelope. */
async function rejectsWith(promise, status, errorType) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof StytchError, `a StytchError, got ${e}`);
    assert.equal(e.status_code, status);
    assert.equal(e.error_type, errorType);
    assert.match(e.request_id, /^request-id-test-/);
    assert.ok(e.error_message.length > 0);
    assert.equal(e.error_url, `https://stytch.com/docs/api-reference/consumer/api/errors/${status}#${errorType}`);
    return true;
  });
}

/** The session JWT verifies with the client's local check, and its one factor has the method's shape. */
async function expectFactor(sessionJwt, userId, expected) {
  const session = await client.sessions.authenticateJwtLocal({ session_jwt: sessionJwt });
  assert.equal(session.user_id, userId);
  assert.deepEqual(session.roles, ['stytch_user']);
  assert.equal(session.authentication_factors.length, 1);
  const factor = session.authentication_factors[0];
  for (const at of ['last_authenticated_at', 'created_at', 'updated_at']) {
    assert.match(factor[at], RFC3339, at);
  }
  const { last_authenticated_at: _l, created_at: _c, updated_at: _u, ...shape } = factor;
  assert.deepEqual(shape, expected);
  return session;
}

// ---- users
const userEmail = email('users');
const created = await client.users.create({ email: userEmail, name: { first_name: 'Ada' } });
assert.equal(created.status_code, 200);
assert.match(created.user_id, /^user-test-/);
assert.equal(created.user.emails[0].email, userEmail);
pass('users.create makes an active user');

const fetched = await client.users.get({ user_id: created.user_id });
assert.equal(fetched.user_id, created.user_id);
assert.equal(fetched.emails[0].email_id, created.email_id);
assert.equal(fetched.name.first_name, 'Ada');
assert.equal(fetched.is_locked, false);
pass('users.get answers with the user');

const found = await client.users.search({
  limit: 10,
  query: { operator: 'AND', operands: [{ filter_name: 'email_address', filter_value: [userEmail] }] },
});
assert.deepEqual(found.results.map((u) => u.user_id), [created.user_id]);
assert.equal(found.results_metadata.total, 1);
pass('users.search by email_address finds exactly that user');

await rejectsWith(client.users.create({ email: userEmail }), 400, 'duplicate_email');
pass('a second users.create for the email raises StytchError duplicate_email');

const deleted = await client.users.delete({ user_id: created.user_id });
assert.equal(deleted.user_id, created.user_id);
await rejectsWith(client.users.get({ user_id: created.user_id }), 404, 'user_not_found');
pass('users.delete removes the user (get raises user_not_found)');

// ---- email magic links
const linkEmail = email('magic-link');
await rejectsWith(client.magicLinks.email.send({ email: linkEmail }), 404, 'email_not_found');
pass('magicLinks.email.send to an unknown email raises StytchError email_not_found');

const signup = await client.magicLinks.email.loginOrCreate({
  email: linkEmail,
  login_magic_link_url: 'https://app.example/login',
  signup_magic_link_url: 'https://app.example/signup',
});
assert.equal(signup.user_created, true);
let link = await outbox(linkEmail, 'magic_link');
assert.ok(link.url.startsWith('https://app.example/signup?stytch_token_type=magic_links&token='));
pass('magicLinks.email.loginOrCreate creates the user and sends the signup link');

const sent = await client.magicLinks.email.send({ email: linkEmail, login_magic_link_url: 'https://app.example/login' });
assert.equal(sent.user_id, signup.user_id);
link = await outbox(linkEmail, 'magic_link');
assert.ok(link.url.startsWith('https://app.example/login?'));
pass('magicLinks.email.send reaches the now existing user with the login link');

const linkAuth = await client.magicLinks.authenticate({ token: link.token, session_duration_minutes: 60 });
assert.equal(linkAuth.user_id, signup.user_id);
assert.equal(linkAuth.method_id, signup.email_id);
assert.equal(linkAuth.user.emails[0].verified, true);
await expectFactor(linkAuth.session_jwt, signup.user_id, {
  type: 'magic_link',
  delivery_method: 'email',
  email_factor: { email_id: signup.email_id, email_address: linkEmail },
});
pass('magicLinks.authenticate starts a session; its JWT has the magic_link email factor');

await rejectsWith(client.magicLinks.authenticate({ token: link.token, session_duration_minutes: 60 }),
  401, 'unable_to_auth_magic_link');
pass('a magic link works once (unable_to_auth_magic_link)');

// ---- email one-time passcodes
const otpEmail = email('otp');
const otpSent = await client.otps.email.loginOrCreate({ email: otpEmail });
assert.equal(otpSent.user_created, true);
const { code } = await outbox(otpEmail, 'otp');
assert.match(code, /^\d{6}$/);
pass('otps.email.loginOrCreate creates the user; the six-digit code is in the outbox');

const wrong = code === '000000' ? '111111' : '000000';
await rejectsWith(client.otps.authenticate({ method_id: otpSent.email_id, code: wrong }), 404, 'otp_code_not_found');
pass('a wrong code raises StytchError otp_code_not_found');

const otpAuth = await client.otps.authenticate({ method_id: otpSent.email_id, code, session_duration_minutes: 60 });
assert.equal(otpAuth.user_id, otpSent.user_id);
await expectFactor(otpAuth.session_jwt, otpSent.user_id, {
  type: 'otp',
  delivery_method: 'email',
  email_factor: { email_id: otpSent.email_id, email_address: otpEmail },
});
pass('otps.authenticate starts a session; its JWT has the otp email factor');

await rejectsWith(client.otps.authenticate({ method_id: otpSent.email_id, code }), 401, 'unable_to_auth_otp_code');
pass('a code works once (unable_to_auth_otp_code)');

const lockEmail = email('otp-lock');
const lockSent = await client.otps.email.loginOrCreate({ email: lockEmail });
const lockCode = (await outbox(lockEmail, 'otp')).code;
const lockWrong = lockCode === '000000' ? '111111' : '000000';
for (let i = 0; i < 10; i++) {
  await rejectsWith(client.otps.authenticate({ method_id: lockSent.email_id, code: lockWrong }), 404, 'otp_code_not_found');
}
await rejectsWith(client.otps.authenticate({ method_id: lockSent.email_id, code: lockCode }), 429, 'user_lock_limit_reached');
assert.equal((await client.users.get({ user_id: lockSent.user_id })).is_locked, true);
pass('ten wrong codes lock the user: even the right code raises user_lock_limit_reached');

// ---- passwords
const passwordEmail = email('password');
const password = 'violet-Kettle-41-harbour';
const weak = await client.passwords.strengthCheck({ password: 'Password1!' });
assert.equal(weak.valid_password, false);
assert.ok(weak.score < 3);
assert.equal(weak.strength_policy, 'zxcvbn');
assert.ok(weak.feedback.suggestions.length > 0);
const breached = await client.passwords.strengthCheck({ password: 'iloveyou', email: passwordEmail });
assert.equal(breached.breached_password, true);
const strong = await client.passwords.strengthCheck({ password, email: passwordEmail });
assert.equal(strong.valid_password, true);
assert.equal(strong.feedback.warning, '');
pass('passwords.strengthCheck: weak with feedback, breached with an email, strong and valid');

await rejectsWith(client.passwords.create({ email: passwordEmail, password: 'Password1!' }), 400, 'weak_password');
pass('passwords.create refuses a weak password (weak_password)');

const pwCreated = await client.passwords.create({ email: passwordEmail, password, session_duration_minutes: 60 });
assert.match(pwCreated.user.password.password_id, /^password-test-/);
await expectFactor(pwCreated.session_jwt, pwCreated.user_id, { type: 'password', delivery_method: 'knowledge' });
pass('passwords.create makes the user and a session; its JWT has the password factor and no email');

await rejectsWith(client.passwords.authenticate({ email: passwordEmail, password: `${password}!` }),
  401, 'unauthorized_credentials');
pass('a wrong password raises StytchError unauthorized_credentials');

const pwAuth = await client.passwords.authenticate({ email: passwordEmail, password, session_duration_minutes: 60 });
assert.equal(pwAuth.user_id, pwCreated.user_id);
await expectFactor(pwAuth.session_jwt, pwCreated.user_id, { type: 'password', delivery_method: 'knowledge' });
pass('passwords.authenticate starts a session with the password factor');

// ---- Google OAuth: the browser's visit to the start URL, its redirect read instead of followed
const googleEmail = email('google');
const start = new URL('/v1/public/oauth/google/start', base);
start.searchParams.set('public_token', publicToken);
start.searchParams.set('login_redirect_url', 'https://app.example/login');
start.searchParams.set('signup_redirect_url', 'https://app.example/signup');
start.searchParams.set('devkit_email', googleEmail);
const redirect = await fetch(start, { redirect: 'manual' });
assert.equal(redirect.status, 302);
const location = new URL(redirect.headers.get('location'));
assert.equal(`${location.origin}${location.pathname}`, 'https://app.example/signup');
assert.equal(location.searchParams.get('stytch_token_type'), 'oauth');
const oauthToken = location.searchParams.get('token');
assert.equal((await outbox(googleEmail, 'oauth')).token, oauthToken);
pass('the Google start URL redirects (302) to the signup URL with an oauth token, also in the outbox');

const oauth = await client.oauth.authenticate({ token: oauthToken, session_duration_minutes: 60 });
assert.equal(oauth.provider_type, 'Google');
assert.match(oauth.provider_subject, /^\d{21}$/);
assert.equal(oauth.user.emails[0].email, googleEmail);
assert.equal(oauth.user_session.user_id, oauth.user_id);
await expectFactor(oauth.session_jwt, oauth.user_id, {
  type: 'oauth',
  delivery_method: 'oauth_google',
  google_oauth_factor: {
    id: oauth.oauth_user_registration_id,
    provider_subject: oauth.provider_subject,
    email_id: oauth.user.emails[0].email_id,
  },
});
pass('oauth.authenticate starts a session; its JWT has the Google OAuth factor (subject, email id)');

await rejectsWith(client.oauth.authenticate({ token: oauthToken }), 404, 'oauth_token_not_found');
pass('an OAuth token works once (oauth_token_not_found)');

// ---- sessions
const bySessionToken = await client.sessions.authenticate({ session_token: pwAuth.session_token });
assert.equal(bySessionToken.session.session_id, pwAuth.session.session_id);
assert.equal(bySessionToken.user.emails[0].email, passwordEmail);
const byJwt = await client.sessions.authenticate({ session_jwt: pwAuth.session_jwt });
assert.equal(byJwt.session.session_id, pwAuth.session.session_id);
const remote = await client.sessions.authenticateJwt({ session_jwt: pwAuth.session_jwt });
assert.equal(remote.session.session_id, pwAuth.session.session_id);
pass('sessions.authenticate by session_token and by session_jwt (and authenticateJwt) find the session');

const live = await client.sessions.get({ user_id: pwCreated.user_id });
assert.deepEqual(live.sessions.map((s) => s.session_id).sort(),
  [pwCreated.session.session_id, pwAuth.session.session_id].sort());
pass('sessions.get lists the user\'s two live sessions');

await client.sessions.revoke({ session_id: pwCreated.session.session_id });
await client.sessions.revoke({ session_token: pwAuth.session_token });
assert.deepEqual((await client.sessions.get({ user_id: pwCreated.user_id })).sessions, []);
await rejectsWith(client.sessions.authenticate({ session_jwt: pwAuth.session_jwt }), 404, 'session_not_found');
pass('sessions.revoke ends them: get lists none, authenticate raises session_not_found');

console.log('devkit-stytch-client: every flow passed');
