// The peer a team would write by hand: GET /api/v1/auth/verify checks the bearer JWT with jose
// (createRemoteJWKSet: the provider's JWKS fetched and cached, refetched for an unknown kid;
// jwtVerify: signature, issuer, audience, algorithms, exp and nbf) and answers in the guide's shape.
// One process, as such a service is usually run; bench/verify starts it and sends it the same
// tokens as identity-service.
//
//   PORT=18091 JWKS_URI=http://127.0.0.1:…/jwks ISSUER=… AUDIENCE=… node server.mjs
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

const jwks = createRemoteJWKSet(new URL(required('JWKS_URI')));
const options = {
  issuer: required('ISSUER'),
  audience: required('AUDIENCE'),
  algorithms: ['RS256', 'ES256'],
};

function send(res, status, body) {
  const json = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) };
  if (status === 401) {
    headers['www-authenticate'] = 'Bearer';
  }
  res.writeHead(status, headers);
  res.end(json);
}

const server = http.createServer(async (req, res) => {
  if (req.method !== 'GET' || req.url.split('?')[0] !== '/api/v1/auth/verify') {
    send(res, 404, { error: 'not_found' });
    return;
  }
  const authorization = req.headers.authorization ?? '';
  if (!authorization.startsWith('Bearer ')) {
    send(res, 401, { valid: false, error: 'invalid_request', error_description: 'bearer token missing' });
    return;
  }
  try {
    const { payload } = await jwtVerify(authorization.slice(7), jwks, options);
    send(res, 200, { valid: true, user_id: payload.sub, expires_at: new Date(payload.exp * 1000).toISOString() });
  } catch (e) {
    send(res, 401, { valid: false, error: 'invalid_token', error_description: e.code ?? 'invalid' });
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(required('PORT')), '127.0.0.1', () => {
  console.log(`jose peer listening on 127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
