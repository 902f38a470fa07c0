#!/usr/bin/env bash
# The official stytch Node client, unchanged but for custom_base_url, against devkit's Stytch emulator:
# tests/devkit-stytch-client/flows.mjs runs every sign-in method, users and sessions. ./dev test runs it after
# the guide flow. It starts its own devkit from the packaged jar (./mvnw -B -q -pl devkit package -DskipTests)
# on free ports with a project of its own, and serves HTTPS from a throwaway self-signed certificate: the
# client refuses a custom_base_url that is not https, and Node trusts the certificate via NODE_EXTRA_CA_CERTS.
# Installs the pinned client with npm ci on first use. Needs Node.js 18+ and npm, java, openssl and curl.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=$HERE/../../devkit/target/quarkus-app/quarkus-run.jar

fail() {
  echo "devkit-stytch-client: $*" >&2
  exit 1
}

[[ -f $JAR ]] || fail "$JAR not found; build it with ./mvnw -B -q -pl devkit package -DskipTests"
for tool in node npm java openssl curl; do
  command -v "$tool" >/dev/null || fail "$tool is needed"
done

cd "$HERE"
if [[ ! -d node_modules/stytch ]]; then
  npm ci --silent --no-audit --no-fund
fi

WORK=$(mktemp -d)
DEVKIT_PID=""
stop_devkit() {
  if [[ -n $DEVKIT_PID ]]; then
    kill "$DEVKIT_PID" 2>/dev/null || true
    wait "$DEVKIT_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap stop_devkit EXIT

# Two distinct free ports, both held until both are known.
read -r HTTP_PORT HTTPS_PORT < <(node -e '
  const net = require("net");
  const listen = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => ok(s)); });
  Promise.all([listen(), listen()]).then((servers) => {
    console.log(servers.map((s) => s.address().port).join(" "));
    servers.forEach((s) => s.close());
  });')
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

export STYTCH_PROJECT_ID="project-test-$(cat /proc/sys/kernel/random/uuid)"
export STYTCH_SECRET="secret-test-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export STYTCH_PUBLIC_TOKEN="public-token-test-$(cat /proc/sys/kernel/random/uuid)"
export STYTCH_BASE_URL="https://127.0.0.1:$HTTPS_PORT"

QUARKUS_HTTP_PORT=$HTTP_PORT DEVKIT_STYTCH_PROJECT_ID=$STYTCH_PROJECT_ID DEVKIT_STYTCH_SECRET=$STYTCH_SECRET \
  DEVKIT_STYTCH_PUBLIC_TOKEN=$STYTCH_PUBLIC_TOKEN \
  java -Dquarkus.http.ssl-port="$HTTPS_PORT" \
  -Dquarkus.tls.key-store.pem.devkit.cert="$WORK/cert.pem" -Dquarkus.tls.key-store.pem.devkit.key="$WORK/key.pem" \
  -jar "$JAR" >"$WORK/devkit.log" 2>&1 &
DEVKIT_PID=$!

for _ in $(seq 1 120); do
  if curl -sf --max-time 2 "http://127.0.0.1:$HTTP_PORT/q/health" >/dev/null; then
    break
  fi
  kill -0 "$DEVKIT_PID" 2>/dev/null || { cat "$WORK/devkit.log" >&2; fail "devkit exited while starting"; }
  sleep 0.5
done
curl -sf --max-time 2 "http://127.0.0.1:$HTTP_PORT/q/health" >/dev/null || { cat "$WORK/devkit.log" >&2; fail "devkit did not start"; }

echo "stytch client $(node -p "require('./node_modules/stytch/package.json').version") against devkit at $STYTCH_BASE_URL"
NODE_EXTRA_CA_CERTS="$WORK/cert.pem" node flows.mjs || { tail -n 40 "$WORK/devkit.log" >&2; fail "a flow failed"; }
