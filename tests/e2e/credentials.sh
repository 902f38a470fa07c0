# shellcheck shell=bash
# Sourced by guide-flow.sh and openai-client.sh once STACK_ENV is set: every credential a run uses goes into
# CREDENTIALS_FILE (.dev/e2e-credentials, mode 600) as NAME<TAB>value, and log-secrets-check.sh then proves
# that no log of the run holds any of them. guide-flow.sh starts the file afresh, openai-client.sh adds to it.
CREDENTIALS_FILE=${CREDENTIALS_FILE:-$(dirname "$STACK_ENV")/e2e-credentials}

# new_credentials: an empty file, readable by its owner only.
new_credentials() {
  (umask 077 && : >"$CREDENTIALS_FILE")
  chmod 600 "$CREDENTIALS_FILE"
}

# note_credential NAME VALUE
note_credential() {
  [[ -n $2 && $2 != null ]] || return 0
  (umask 077 && printf '%s\t%s\n' "$1" "$2" >>"$CREDENTIALS_FILE")
}
