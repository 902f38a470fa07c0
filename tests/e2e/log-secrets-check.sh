#!/usr/bin/env bash
# No log of the e2e run holds a credential: every service log (.dev/logs/*.log) and the gateway's
# (.dev/nginx/logs/*.log) is searched for each token the run used (.dev/e2e-credentials, written by
# guide-flow.sh and openai-client.sh), each secret of .dev/secrets.env (its *_KEY, *_SECRET and *_TOKEN),
# each service's Basic credential made of them, and the project API key of .dev/stack.env. A JWT is also
# searched for by its signature alone. ./dev test runs it after the e2e flows; it fails on any hit and
# names the credential and the log, never the value.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEV_DIR=${DEV_DIR:-$ROOT/.dev}
CREDENTIALS_FILE=${CREDENTIALS_FILE:-$DEV_DIR/e2e-credentials}

die() { printf 'log-secrets-check: %s\n' "$*" >&2; exit 1; }

[[ -s $CREDENTIALS_FILE ]] || die "$CREDENTIALS_FILE is missing or empty: run tests/e2e/guide-flow.sh first"
[[ -f $DEV_DIR/secrets.env && -f $DEV_DIR/stack.env ]] || die "$DEV_DIR/secrets.env or stack.env is missing: run ./dev up first"
shopt -s nullglob
logs=("$DEV_DIR"/logs/*.log "$DEV_DIR"/nginx/logs/*.log)
shopt -u nullglob
service_logs=("$DEV_DIR"/logs/*-service.log)
[[ -f ${service_logs[0]} ]] || die "no service log in $DEV_DIR/logs: nothing to check"

# NAME<TAB>value per line, in a file only its owner reads; removed on exit.
needles=$(umask 077 && mktemp "$DEV_DIR/log-secrets-check.XXXXXX")
trap 'rm -f "$needles"' EXIT

add() {
  local name=$1 value=$2
  [[ -n $value ]] || return 0
  printf '%s\t%s\n' "$name" "$value" >>"$needles"
  # How a JSON log line (the services' prod format) would write it, should a formatter escape slashes.
  [[ $value != */* ]] || printf '%s\t%s\n' "$name" "${value//\//\\/}" >>"$needles"
}

while IFS=$'\t' read -r name value; do
  add "$name" "$value"
  if [[ $value =~ ^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.([A-Za-z0-9_-]{16,})$ ]]; then
    add "$name (its signature)" "${BASH_REMATCH[1]}"
  fi
done <"$CREDENTIALS_FILE"

while IFS='=' read -r name value; do
  [[ $name =~ ^[A-Z][A-Z0-9_]*_(KEY|SECRET|TOKEN)$ ]] || continue
  add "$name (.dev/secrets.env)" "$value"
  # A service's credential as it travels: Basic base64(<name>:<secret>), e.g. ZERODB_SERVICE_SECRET.
  if [[ $name == *_SERVICE_SECRET ]]; then
    service=${name%_SECRET}
    service=${service,,}
    add "$name as Basic credential" "$(printf '%s:%s' "${service//_/-}" "$value" | base64 -w0)"
  fi
done <"$DEV_DIR/secrets.env"

while IFS='=' read -r name value; do
  [[ $name == AINATIVE_API_KEY || $name == STYTCH_SECRET ]] && add "$name (.dev/stack.env)" "$value"
done <"$DEV_DIR/stack.env"

hits=0
while IFS=$'\t' read -r name value; do
  for log in "${logs[@]}"; do
    if lines=$(grep -nF -- "$value" "$log" | cut -d: -f1 | head -n 5 | paste -sd, -) && [[ -n $lines ]]; then
      printf 'log-secrets-check: %s is in %s (lines %s)\n' "$name" "${log#"$ROOT"/}" "$lines" >&2
      hits=$((hits + 1))
    fi
  done
done <"$needles"

checked=$(wc -l <"$needles")
((hits == 0)) || die "$hits hit(s): a credential reached a log"
printf 'log-secrets-check: %d credentials, %d logs, no hit\n' "$checked" "${#logs[@]}"
