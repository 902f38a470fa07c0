#!/usr/bin/env bash
# The Stytch integration guide's Steps 3-6, as its curl commands with only the host changed, run
# against the local stack (devkit plays Stytch): Step 4's magic-link sign-in and verification;
# Step 5's ZeroDB vector upsert and search with the session JWT; Step 6's row-level security for
# two end users and an API key on vectors, table rows and files, and who may change the setting.
# Plus the gateway's edges: lowercase "bearer", a garbage token, the email fallback through
# Stytch's sessions API, key rotation, /internal never routed, a duplicate provider registration.
#
# It works in the stack's project: what it stores there it deletes again on exit, and the
# project's RLS setting is put back as it found it.
#
# Needs a running stack and its .dev/stack.env: ./dev up, then this script (./dev demo runs it
# with VERBOSE=1, ./dev test runs it quietly). STACK_ENV=path overrides the env file.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_ENV=${STACK_ENV:-$ROOT/.dev/stack.env}
VERBOSE=${VERBOSE:-0}

if [[ ! -f $STACK_ENV ]]; then
  echo "guide-flow: $STACK_ENV not found; run ./dev up first" >&2
  exit 1
fi
# shellcheck source=/dev/null
source "$STACK_ENV"
# The service credentials, for the service-to-service checks (./dev up generated them).
SECRETS_ENV=${SECRETS_ENV:-$(dirname "$STACK_ENV")/secrets.env}
# shellcheck source=/dev/null
source "$SECRETS_ENV"
: "${CHAT_SERVICE_SECRET:?} ${IDENTITY_URL:?} ${ZERODB_URL:?}"
: "${STYTCH_PUBLIC_TOKEN:?} ${BASE_URL:?} ${AINATIVE_API_KEY:?} ${PROJECT_ID:?} ${PROVIDER_ID:?} ${STYTCH_BASE_URL:?} ${STYTCH_PROJECT_ID:?} ${STYTCH_SECRET:?}"

# The credentials this run uses, for log-secrets-check.sh (./dev test runs it afterwards).
# shellcheck source=tests/e2e/credentials.sh
source "$ROOT/tests/e2e/credentials.sh"
new_credentials

WORK=$(mktemp -d)

PASSED=0
STATUS="" BODY="" SIGNED_PRINCIPAL="" CHAT_BASIC="" TOKEN="" MAGIC_LINK_TOKEN="" SESSION_JWT="" SESSION_USER_ID="" USER2_TOKEN=""
RUN="$(date +%s)-$RANDOM"
EMAIL="guide-$RUN@example.com"
EMAIL2="guide-$RUN-second@example.com"
GUIDE_REDIRECT_URL="http://localhost:3000/authenticate"
ZERODB_API="$BASE_URL/api/v1/zerodb"
MEMORY_API="$BASE_URL/api/v1/public/memory/v2"
MEMORY_TOKEN="" # user 1's session JWT once it stored a memory: forgets this run's memories on exit
# Step 5 and 6 data: ids unique to this run, deleted again on exit.
VECTOR1="guide-$RUN-user1" VECTOR2="guide-$RUN-user2"
TABLE="guide_notes_${RUN//-/_}"
ROW1="" ROW2="" FILE1="" FILE2=""
RLS_BEFORE="" # the project's RLS setting before this run, restored on exit

# --- reporting --------------------------------------------------------------------------------

step() { printf '\n== %s\n' "$*"; }

fail() {
  printf 'FAIL: %s\n' "$1" >&2
  printf '  HTTP %s, body: %s\n' "$STATUS" "$BODY" >&2
  printf 'guide-flow: %d passed, 1 failed\n' "$PASSED"
  exit 1
}

pass() {
  PASSED=$((PASSED + 1))
  printf '  ok: %s\n' "$1"
}

# Secrets and tokens are printed by name, never by value.
redact() {
  local text=$1 name
  for name in STYTCH_SECRET AINATIVE_API_KEY TOKEN USER2_TOKEN SESSION_JWT MAGIC_LINK_TOKEN SIGNED_PRINCIPAL CHAT_SERVICE_SECRET CHAT_BASIC; do
    if [[ -n ${!name:-} ]]; then
      text=${text//"${!name}"/\$$name}
    fi
  done
  # Credentials in responses, before the script has them by name: session JWTs and tokens.
  sed -E -e 's/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/<jwt>/g' \
    -e 's/"(session_token|token)": ?"[^"]+"/"\1":"<redacted>"/g' -e 's/([?&]token=)[A-Za-z0-9_-]+/\1<redacted>/g' <<<"$text"
}

# Prints the command like the guide does: one option per line.
print_command() {
  local line="curl" arg
  for arg in "$@"; do
    if [[ $arg == -* && $line != curl ]]; then
      line+=$' \\\n '
    fi
    if [[ $arg =~ ^[A-Za-z0-9_./:@=,+?%-]+$ ]]; then
      line+=" $arg"
    else
      line+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  printf '$ %s\n' "$(redact "$line")"
}

# call CURL_ARGS...: runs curl, keeps STATUS, BODY and the response headers in $WORK/headers.
call() {
  if [[ $VERBOSE == 1 ]]; then
    print_command "$@"
  fi
  STATUS=$(curl -sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 15 "$@") ||
    fail "curl could not complete the request"
  BODY=$(<"$WORK/body")
  if [[ $VERBOSE == 1 ]]; then
    printf '  -> HTTP %s %s\n' "$STATUS" "$(redact "$BODY")"
  fi
}

expect_status() {
  [[ $STATUS == "$1" ]] || fail "expected HTTP $1, got $STATUS"
  pass "HTTP $1"
}

# expect_json JQ_FILTER EXPECTED: the filter's raw output must equal EXPECTED.
expect_json() {
  local actual
  actual=$(jq -r "$1" <<<"$BODY" 2>/dev/null) || fail "response is not JSON (wanted $1)"
  [[ $actual == "$2" ]] || fail "expected $1 == $2, got $actual"
  pass "$1 == $2"
}

expect_header() {
  grep -qiE "^$1:.*$2" "$WORK/headers" || fail "expected a $1 header matching '$2'; got: $(tr -d '\r' <"$WORK/headers")"
  pass "$1 header matches '$2'"
}

# expect_ids JQ_FILTER ID...: the ids the filter lists, in any order, must be exactly ID...
expect_ids() {
  local filter=$1 actual expected
  shift
  actual=$(jq -r "[$filter] | sort | join(\" \")" <<<"$BODY" 2>/dev/null) || fail "response is not JSON (wanted $filter)"
  expected=$(printf '%s\n' "$@" | sort | paste -sd ' ' -)
  [[ $actual == "$expected" ]] || fail "expected $filter to list exactly [$expected], got [$actual]"
  pass "$filter lists exactly [$expected]"
}

# zerodb CREDENTIAL METHOD PATH [CURL_ARGS...]: a ZeroDB call through the gateway, as that bearer.
zerodb() {
  local credential=$1 method=$2 path=$3
  shift 3
  call -X "$method" "$ZERODB_API$path" -H "Authorization: Bearer $credential" "$@"
}

# zerodb_json CREDENTIAL METHOD PATH JSON_BODY
zerodb_json() {
  zerodb "$1" "$2" "$3" -H "Content-Type: application/json" -d "$4"
}

# guide_search SESSION_JWT: the guide's Step 5 ZeroDB command, as that end user.
guide_search() {
  call -X POST "$ZERODB_API/vectors/search" \
    -H "Authorization: Bearer $1" \
    -H "X-Project-ID: $PROJECT_ID" \
    -H "Content-Type: application/json" \
    -d '{
"query": "passwordless authentication",
"top_k": 5
}'
}

# --- clean-up: what this run stored in the stack's project goes again -------------------------

# Best effort, with the API key: never hides the run's own result.
clean_up() {
  local path
  for path in ${FILE1:+/files/$FILE1} ${FILE2:+/files/$FILE2} "/vectors/$VECTOR1" "/vectors/$VECTOR2" "/tables/$TABLE"; do
    curl -s -o /dev/null --max-time 15 -X DELETE -H "Authorization: Bearer $AINATIVE_API_KEY" "$ZERODB_API$path" || true
  done
  # User 1 is new in this run: all their memories are this run's.
  if [[ -n $MEMORY_TOKEN ]]; then
    curl -s -o /dev/null --max-time 15 -X POST "$MEMORY_API/forget" -H "Authorization: Bearer $MEMORY_TOKEN" \
      -H "Content-Type: application/json" -d '{}' || true
  fi
  if [[ -n $RLS_BEFORE ]]; then
    curl -s -o /dev/null --max-time 15 -X POST "$ZERODB_API/projects/$PROJECT_ID/rls" \
      -H "Authorization: Bearer $AINATIVE_API_KEY" -H "Content-Type: application/json" -d "$RLS_BEFORE" ||
      printf 'guide-flow: could not restore the RLS setting of project %s to %s\n' "$PROJECT_ID" "$RLS_BEFORE" >&2
  fi
  rm -rf "$WORK"
}
trap clean_up EXIT

# --- the guide's magic-link sign-in -------------------------------------------------------------

# sign_in EMAIL: the guide's magic-link flow for a new user (login_or_create, the user clicks,
# authenticate with a 60-minute session); sets SESSION_JWT and SESSION_USER_ID. Stytch's
# /v1/magic_links/email/send only reaches existing users (an unknown email is 404 email_not_found);
# login_or_create creates the user first.
sign_in() {
  local email=$1 response
  step "Magic links 1: login_or_create sends a new user ($email) a magic link (devkit keeps it in its outbox)"
  call -X POST "$STYTCH_BASE_URL/v1/magic_links/email/login_or_create" \
    -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
    -H "Content-Type: application/json" \
    -d '{
"email": "'"$email"'",
"login_magic_link_url": "'"$GUIDE_REDIRECT_URL"'",
"signup_magic_link_url": "'"$GUIDE_REDIRECT_URL"'"
}'
  expect_status 200
  expect_json '.user_created' true

  step "Read the magic link token from devkit's outbox (stands in for the user clicking the link)"
  call --get "$STYTCH_BASE_URL/dev/outbox" --data-urlencode "email=$email" --data-urlencode "kind=magic_link"
  expect_status 200
  # Not noted for log-secrets-check.sh: devkit's log is the local stand-in for the user's mailbox and
  # shows each magic link by design (devkit README); the platform never sees this single-use token.
  MAGIC_LINK_TOKEN=$(jq -r '.token // empty' <<<"$BODY")
  [[ -n $MAGIC_LINK_TOKEN ]] || fail "the outbox has no token for $email"
  pass "outbox holds a token for $email"

  step "Step 4: authenticate the magic link token"
  call -X POST "$STYTCH_BASE_URL/v1/magic_links/authenticate" \
    -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
    -H "Content-Type: application/json" \
    -d '{
"token": "'"$MAGIC_LINK_TOKEN"'",
"session_duration_minutes": 60
}'
  expect_status 200
  response=$BODY
  SESSION_JWT=$(echo "$response" | jq -r '.session_jwt')
  note_credential SESSION_JWT "$SESSION_JWT"
  SESSION_USER_ID=$(echo "$response" | jq -r '.user_id')
  [[ -n $SESSION_JWT && $SESSION_JWT != null ]] || fail "no session_jwt in the authenticate response"
  pass "session_jwt issued"
  [[ $SESSION_USER_ID == user-test-* ]] || fail "user_id $SESSION_USER_ID does not start with user-test-"
  pass "user_id $SESSION_USER_ID"
}

# --- the guide's flow -------------------------------------------------------------------------

sign_in "$EMAIL"
TOKEN=$SESSION_JWT
USER_ID=$SESSION_USER_ID

step "Step 4: verify the session JWT against AINative, through the gateway"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.valid' true
expect_json '.provider' stytch
expect_json '.user_id' "$USER_ID"
expect_json '.user_id | startswith("user-test-")' true
expect_json '.email' "$EMAIL"
expect_header X-Request-ID '.+'

step "Request ids: the gateway keeps a usable X-Request-ID and replaces any other (the services apply the same rule)"
call "$BASE_URL/api/v1/auth/verify" -H "Authorization: Bearer $TOKEN" -H "X-Request-ID: guide-$RUN.verify"
expect_status 200
expect_header X-Request-ID "guide-$RUN\\.verify"
[[ $(grep -ci '^X-Request-ID:' "$WORK/headers") == 1 ]] || fail "expected one X-Request-ID header (the gateway's), got: $(tr -d '\r' <"$WORK/headers")"
pass "one X-Request-ID header"
call "$BASE_URL/api/v1/auth/verify" -H "Authorization: Bearer $TOKEN" -H "X-Request-ID: not a usable id"
expect_status 200
expect_header X-Request-ID ' [0-9a-f]{32}'

step "The authorization scheme is case-insensitive: lowercase bearer"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: bearer $TOKEN"
expect_status 200
expect_json '.valid' true
expect_json '.user_id' "$USER_ID"

step "A garbage token is rejected with the guide's error shape"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer this-is-not-a-jwt"
expect_status 401
expect_json '.valid' false
expect_json '.error' invalid_token
expect_header WWW-Authenticate 'Bearer'

step "Step 5: Chat Completions, the guide's call with the session JWT"
call -X POST "$BASE_URL/api/v1/chat/completions" \
  -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: application/json" \
  -d '{
"model": "llama-3.3-70b",
"messages": [
{"role": "user", "content": "Hello from Stytch!"}
]
}'
expect_status 200
expect_json '.object' chat.completion
expect_json '.choices[0].message.role' assistant
expect_json '(.choices[0].message.content | contains("Hello from Stytch!"))' true
expect_json '(.usage.total_tokens > 0)' true
expect_header x-ratelimit-remaining-requests '[0-9]+'

step "Magic links 3: the guide's chat call with the session JWT, streamed (stream: true, as OpenAI's clients send it)"
call -X POST "$BASE_URL/api/v1/chat/completions" \
  -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"model": "llama-3.3-70b", "stream": true, "stream_options": {"include_usage": true},
"messages": [{"role": "user", "content": "Authenticated via magic link!"}]}'
expect_status 200
expect_header Content-Type 'text/event-stream'
[[ $(grep -c '^data: ' <<<"$BODY") -ge 3 ]] || fail "expected several SSE events, got: $BODY"
[[ $(grep '^data: ' <<<"$BODY" | tail -n 1) == "data: [DONE]" ]] || fail "the stream does not end with data: [DONE]"
STREAMED=$(grep '^data: {' <<<"$BODY" | sed 's/^data: //' | jq -rs '[.[].choices[0].delta.content // empty] | join("")')
[[ $STREAMED == *"Authenticated via magic link!"* ]] || fail "streamed text does not quote the message: $STREAMED"
[[ $(grep '^data: {' <<<"$BODY" | sed 's/^data: //' | jq -rs '[.[].id] | unique | length') == 1 ]] || fail "chunks carry different ids"
grep '^data: {' <<<"$BODY" | tail -n 1 | sed 's/^data: //' | jq -e '.usage.total_tokens > 0 and (.choices | length) == 0' >/dev/null \
  || fail "the last chunk is not the usage chunk"
pass "a real SSE stream: one id, the whole reply, the usage chunk, then [DONE]"

step "Chat: the models list and an unknown model, in OpenAI's shapes"
call "$BASE_URL/api/v1/chat/models" -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.object' list
expect_json '([.data[].id] | index("llama-3.3-70b") != null)' true
call -X POST "$BASE_URL/api/v1/chat/completions" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{"model": "no-such-model", "messages": [{"role": "user", "content": "hi"}]}'
expect_status 404
expect_json '.error.code' model_not_found

step "Chat: a garbage token is 401 in OpenAI's envelope"
call -X POST "$BASE_URL/api/v1/chat/completions" -H "Authorization: Bearer this-is-not-a-jwt" -H "Content-Type: application/json" \
  -d '{"model": "llama-3.3-70b", "messages": [{"role": "user", "content": "hi"}]}'
expect_status 401
expect_json '.error.code' invalid_api_key
expect_header WWW-Authenticate 'Bearer'

step "ZeroDB, before Step 5: the project's RLS setting, read with the API key (put back on exit)"
zerodb "$AINATIVE_API_KEY" GET "/projects/$PROJECT_ID/rls"
expect_status 200
expect_json '.project_id' "$PROJECT_ID"
RLS_BEFORE=$(jq -c '{enabled, user_id_claim, policy}' <<<"$BODY")
if [[ $(jq -r '.enabled' <<<"$BODY") == true ]]; then
  # Left on by a run that was cut short, or by hand: Step 5 starts from the default, RLS off.
  zerodb_json "$AINATIVE_API_KEY" POST "/projects/$PROJECT_ID/rls" '{"enabled": false}'
  expect_status 200
  expect_json '.enabled' false
fi

step "Step 5: user 1 stores a document in ZeroDB with the session JWT (embedded server-side)"
call -X POST "$ZERODB_API/vectors/upsert" \
  -H "Authorization: Bearer $TOKEN" \
  -H "X-Project-ID: $PROJECT_ID" \
  -H "Content-Type: application/json" \
  -d '{
"vector_id": "'"$VECTOR1"'",
"document": "Passwordless authentication: user 1 signs in with a Stytch magic link",
"vector_metadata": {"run": "'"$RUN"'", "user": 1}
}'
expect_status 200
expect_json '.vector_id' "$VECTOR1"
expect_json '.status' created
expect_json '.namespace' default

step "Step 5: the guide's vector search with the session JWT"
guide_search "$TOKEN"
expect_status 200
expect_json "any(.results[]; .vector_id == \"$VECTOR1\")" true
expect_json '.results | length <= 5' true
expect_json '[.results[].score] == ([.results[].score] | sort | reverse)' true
expect_json "first(.results[] | select(.vector_id == \"$VECTOR1\") | .vector_metadata.run)" "$RUN"

step "Step 5: ZeroDB refuses a garbage token and an X-Project-ID naming another project"
zerodb_json this-is-not-a-jwt POST /vectors/search '{"query": "passwordless authentication", "top_k": 5}'
expect_status 401
expect_header WWW-Authenticate 'Bearer'
call -X POST "$ZERODB_API/vectors/search" \
  -H "Authorization: Bearer $TOKEN" \
  -H "X-Project-ID: $(cat /proc/sys/kernel/random/uuid)" \
  -H "Content-Type: application/json" \
  -d '{"query": "passwordless authentication", "top_k": 5}'
expect_status 403
expect_json '.code' project_mismatch

step "ZeroMemory Store: the guide's remember call with the session JWT (user 1 is new: 201)"
MEMORY_TOKEN=$TOKEN
call -X POST "$MEMORY_API/remember" \
  -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: application/json" \
  -d '{
"content": "User authenticated via magic link",
"entity_name": "user_events"
}'
expect_status 201
expect_json '.entity_name' user_events
expect_json '.memory_type' episodic
MEMORY1=$(jq -r .memory_id <<<"$BODY")

step "ZeroMemory: recall finds it for a related question"
call -X POST "$MEMORY_API/recall" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{"query": "how did the user sign in?", "entity_name": "user_events"}'
expect_status 200
expect_json '.results[0].memory_id' "$MEMORY1"

step "Chat with memory: the remembered sign-in is recalled into the conversation (memory.used)"
call -X POST "$BASE_URL/api/v1/chat/completions" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{"model": "llama-3.3-70b", "memory": {"entity_name": "user_events", "limit": 3},
"messages": [{"role": "user", "content": "How did I sign in?"}]}'
expect_status 200
expect_header x-ainative-memory used
expect_json '.memory.used[0]' "$MEMORY1"

step "Chat usage: the end user sees their own completions"
call "$BASE_URL/api/v1/chat/usage" -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.scope' user
expect_json '(.totals.requests >= 2)' true

# Step 6 needs a second end user: the same magic-link sign-in for another email.
sign_in "$EMAIL2"
USER2_TOKEN=$SESSION_JWT
USER2_ID=$SESSION_USER_ID
step "Step 6 setup: the second sign-in is another end user"
[[ $USER2_ID != "$USER_ID" ]] || fail "both sign-ins got user_id $USER_ID"
pass "user 2 ($USER2_ID) is not user 1 ($USER_ID)"

step "Step 6 setup: user 2 stores a vector; with RLS still off, user 2 also finds user 1's"
zerodb_json "$USER2_TOKEN" POST /vectors/upsert '{
"vector_id": "'"$VECTOR2"'",
"document": "Passwordless authentication: user 2 signs in with a Stytch magic link",
"vector_metadata": {"run": "'"$RUN"'", "user": 2}
}'
expect_status 200
expect_json '.status' created
zerodb_json "$USER2_TOKEN" POST /vectors/search '{"query": "passwordless authentication", "top_k": 10, "metadata_filter": {"run": "'"$RUN"'"}}'
expect_status 200
expect_ids '.results[].vector_id' "$VECTOR1" "$VECTOR2"

step "Step 6 setup: the API key creates a table; each user writes a row and uploads a file (RLS still off)"
zerodb_json "$AINATIVE_API_KEY" POST /tables '{"name": "'"$TABLE"'", "description": "guide-flow run '"$RUN"'"}'
expect_status 201
zerodb_json "$TOKEN" POST "/tables/$TABLE/rows" '{"row_data": {"note": "written by user 1", "run": "'"$RUN"'"}}'
expect_status 201
ROW1=$(jq -r '.row_id' <<<"$BODY")
zerodb_json "$USER2_TOKEN" POST "/tables/$TABLE/rows" '{"row_data": {"note": "written by user 2", "run": "'"$RUN"'"}}'
expect_status 201
ROW2=$(jq -r '.row_id' <<<"$BODY")
printf 'user 1 notes, run %s\n' "$RUN" >"$WORK/user1.txt"
printf 'user 2 notes, run %s\n' "$RUN" >"$WORK/user2.txt"
zerodb "$TOKEN" POST /files -F "file=@$WORK/user1.txt;type=text/plain" -F 'metadata={"run": "'"$RUN"'"}'
expect_status 201
FILE1=$(jq -r '.file_id' <<<"$BODY")
zerodb "$USER2_TOKEN" POST /files -F "file=@$WORK/user2.txt;type=text/plain" -F 'metadata={"run": "'"$RUN"'"}'
expect_status 201
FILE2=$(jq -r '.file_id' <<<"$BODY")
# With RLS off, user 1 still reaches user 2's row and file: what Step 6 is about to take away.
zerodb "$TOKEN" GET "/tables/$TABLE/rows/$ROW2"
expect_status 200
zerodb "$TOKEN" GET "/files/$FILE2/metadata"
expect_status 200

step "Step 6: enable row-level security with the API key (the guide's command)"
call -X POST "$ZERODB_API/projects/$PROJECT_ID/rls" \
  -H "Authorization: Bearer $AINATIVE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
"enabled": true,
"user_id_claim": "sub",
"policy": "strict"
}'
expect_status 200
expect_json '.project_id' "$PROJECT_ID"
expect_json '.enabled' true
expect_json '.user_id_claim' sub
expect_json '.policy' strict

step "Step 6, vectors: each user's search (the guide's, from Step 5) finds only their own vectors"
for user in 1 2; do
  if [[ $user == 1 ]]; then bearer=$TOKEN own=$VECTOR1; else bearer=$USER2_TOKEN own=$VECTOR2; fi
  guide_search "$bearer"
  expect_status 200
  expect_ids '.results[].vector_id' "$own"
  zerodb "$bearer" GET /vectors
  expect_status 200
  expect_ids '.vectors[].vector_id' "$own"
done

step "Step 6, vectors: user 1 can neither read, overwrite nor delete user 2's vector"
zerodb "$TOKEN" GET "/vectors/$VECTOR2"
expect_status 404
expect_json '.code' vector_not_found
zerodb_json "$TOKEN" POST /vectors/upsert '{"vector_id": "'"$VECTOR2"'", "document": "overwritten by user 1"}'
expect_status 409
expect_json '.code' vector_id_conflict
zerodb "$TOKEN" DELETE "/vectors/$VECTOR2"
expect_status 404

step "Step 6, vectors: the API key sees every user's vectors"
zerodb_json "$AINATIVE_API_KEY" POST /vectors/search '{"query": "passwordless authentication", "top_k": 10, "metadata_filter": {"run": "'"$RUN"'"}}'
expect_status 200
expect_ids '.results[].vector_id' "$VECTOR1" "$VECTOR2"
# The owner id is the user id qualified by its provider ('' for a project's provider from before
# owner ids were qualified), as the provider registration says.
call "$BASE_URL/api/v1/auth/providers/$PROVIDER_ID" -H "Authorization: Bearer $AINATIVE_API_KEY"
expect_status 200
OWNER_QUALIFIER=$(jq -r '.owner_qualifier' <<<"$BODY")
zerodb "$AINATIVE_API_KEY" GET "/vectors/$VECTOR2"
expect_status 200
expect_json '.owner_id' "$OWNER_QUALIFIER$USER2_ID"
expect_json '.document' "Passwordless authentication: user 2 signs in with a Stytch magic link"

step "Step 6, tables: each user's query returns only their own rows"
zerodb_json "$TOKEN" POST "/tables/$TABLE/query" '{}'
expect_status 200
expect_ids '.rows[].row_id' "$ROW1"
zerodb_json "$USER2_TOKEN" POST "/tables/$TABLE/query" '{}'
expect_status 200
expect_ids '.rows[].row_id' "$ROW2"

step "Step 6, tables: user 1 can neither read, change nor delete user 2's row, nor create a table"
zerodb "$TOKEN" GET "/tables/$TABLE/rows/$ROW2"
expect_status 404
expect_json '.code' row_not_found
zerodb_json "$TOKEN" PATCH "/tables/$TABLE/rows/$ROW2" '{"row_data": {"note": "changed by user 1"}}'
expect_status 404
zerodb "$TOKEN" DELETE "/tables/$TABLE/rows/$ROW2"
expect_status 404
zerodb_json "$TOKEN" POST /tables '{"name": "'"${TABLE}_user1"'"}'
expect_status 403
expect_json '.code' rls_denied

step "Step 6, tables: the API key reads every row, user 2's unchanged"
zerodb_json "$AINATIVE_API_KEY" POST "/tables/$TABLE/query" '{}'
expect_status 200
expect_ids '.rows[].row_id' "$ROW1" "$ROW2"
expect_json ".rows[] | select(.row_id == \"$ROW2\") | .row_data.note" "written by user 2"

step "Step 6, files: each user lists and downloads only the files they uploaded"
zerodb "$TOKEN" GET /files
expect_status 200
expect_ids '.files[].file_id' "$FILE1"
zerodb "$USER2_TOKEN" GET /files
expect_status 200
expect_ids '.files[].file_id' "$FILE2"
zerodb "$TOKEN" GET "/files/$FILE1"
expect_status 200
[[ $BODY == "user 1 notes, run $RUN" ]] || fail "user 1's download is not the file user 1 uploaded"
pass "user 1 downloads their own file's bytes"

step "Step 6, files: user 1 can neither download, describe nor delete user 2's file"
zerodb "$TOKEN" GET "/files/$FILE2"
expect_status 404
expect_json '.code' file_not_found
zerodb "$TOKEN" GET "/files/$FILE2/metadata"
expect_status 404
zerodb "$TOKEN" DELETE "/files/$FILE2"
expect_status 404

step "Step 6, files: the API key sees every user's files"
zerodb "$AINATIVE_API_KEY" GET "/files/$FILE1/metadata"
expect_status 200
zerodb "$AINATIVE_API_KEY" GET "/files/$FILE2"
expect_status 200
[[ $BODY == "user 2 notes, run $RUN" ]] || fail "the API key's download of user 2's file is not what user 2 uploaded"
pass "the API key downloads user 2's file"

step "Step 6: an end-user token can neither change nor read the RLS setting"
zerodb_json "$TOKEN" POST "/projects/$PROJECT_ID/rls" '{
"enabled": false,
"user_id_claim": "sub",
"policy": "strict"
}'
expect_status 403
expect_json '.code' api_key_required
zerodb "$TOKEN" GET "/projects/$PROJECT_ID/rls"
expect_status 403
zerodb "$AINATIVE_API_KEY" GET "/projects/$PROJECT_ID/rls"
expect_status 200
expect_json '.enabled' true

step "Step 6 undone: the API key turns RLS off and user 1 sees user 2's vector again"
zerodb_json "$AINATIVE_API_KEY" POST "/projects/$PROJECT_ID/rls" '{"enabled": false, "user_id_claim": "sub", "policy": "strict"}'
expect_status 200
expect_json '.enabled' false
zerodb "$TOKEN" GET "/vectors/$VECTOR2"
expect_status 200
expect_json '.vector_id' "$VECTOR2"

step "Missing email: a session JWT without an email factor gets it from Stytch's sessions API (guide: Troubleshooting)"
NO_FACTOR_EMAIL="nofactor-$(date +%s)-$RANDOM@example.com"
call -X POST "$STYTCH_BASE_URL/dev/tokens" \
  -H "Content-Type: application/json" \
  -d '{"email": "'"$NO_FACTOR_EMAIL"'", "include_email_factor": false}'
expect_status 200
TOKEN=$(jq -r '.session_jwt' <<<"$BODY")
note_credential TOKEN "$TOKEN"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.email' "$NO_FACTOR_EMAIL"

# --- every sign-in method the guide lists (Step 1) ---------------------------------------------

# method_checks METHOD SESSION_JWT EMAIL: what every sign-in method's session JWT must do with us: verify
# (with its user's email), search ZeroDB as the guide does, and stop working once revoked, at Stytch and
# with AINative.
method_checks() {
  local method=$1 jwt=$2 email=$3
  step "$method: the session JWT verifies against AINative, with the email of its user"
  call "$BASE_URL/api/v1/auth/verify" -H "Authorization: Bearer $jwt"
  expect_status 200
  expect_json '.valid' true
  expect_json '.email' "$email"
  step "$method: the guide's ZeroDB search with that session JWT"
  guide_search "$jwt"
  expect_status 200
  step "$method: revoked at Stytch and with AINative, the session JWT stops working"
  call -X POST "$STYTCH_BASE_URL/v1/sessions/revoke" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
    -H "Content-Type: application/json" -d '{"session_jwt": "'"$jwt"'"}'
  expect_status 200
  call -X POST "$BASE_URL/api/v1/auth/revoke" -H "Authorization: Bearer $jwt" -H "Content-Type: application/json" \
    -d '{"scope": "session"}'
  expect_status 200
  expect_json '.applied' true
  call "$BASE_URL/api/v1/auth/verify" -H "Authorization: Bearer $jwt"
  expect_status 401
  # A resource service may serve its cached principal for platform.auth.cache-ttl (5 s), no longer.
  local waited=0
  guide_search "$jwt"
  while [[ $STATUS == 200 ]] && ((waited < 7)); do
    sleep 1
    waited=$((waited + 1))
    guide_search "$jwt"
  done
  expect_status 401
}

# session_jwt_of: the session_jwt of the last Stytch answer (fails when there is none).
session_jwt_of() {
  local jwt
  jwt=$(jq -r '.session_jwt // empty' <<<"$BODY")
  [[ -n $jwt ]] || fail "no session_jwt in: $BODY"
  printf '%s' "$jwt"
}

METHOD_EMAIL="magic-$RUN@example.com"
sign_in "$METHOD_EMAIL"
method_checks "Magic link" "$SESSION_JWT" "$METHOD_EMAIL"

METHOD_EMAIL="otp-$RUN@example.com"
step "Email OTP: login_or_create sends a one-time passcode (devkit's outbox stands in for the email)"
call -X POST "$STYTCH_BASE_URL/v1/otps/email/login_or_create" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" -d '{"email": "'"$METHOD_EMAIL"'", "expiration_minutes": 5}'
expect_status 200
OTP_METHOD_ID=$(jq -r .email_id <<<"$BODY")
call --get "$STYTCH_BASE_URL/dev/outbox" --data-urlencode "email=$METHOD_EMAIL" --data-urlencode "kind=otp"
expect_status 200
OTP_CODE=$(jq -r .code <<<"$BODY")
step "Email OTP: authenticate the code"
call -X POST "$STYTCH_BASE_URL/v1/otps/authenticate" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" \
  -d '{"method_id": "'"$OTP_METHOD_ID"'", "code": "'"$OTP_CODE"'", "session_duration_minutes": 60}'
expect_status 200
method_checks "Email OTP" "$(session_jwt_of)" "$METHOD_EMAIL"

METHOD_EMAIL="password-$RUN@example.com"
step "Passwords: a weak password is refused; a strong one creates the user with a session"
call -X POST "$STYTCH_BASE_URL/v1/passwords" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" -d '{"email": "'"$METHOD_EMAIL"'", "password": "password123"}'
expect_status 400
expect_json '.error_type' weak_password
call -X POST "$STYTCH_BASE_URL/v1/passwords" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" \
  -d '{"email": "'"$METHOD_EMAIL"'", "password": "violet-Kettle-41-harbour", "session_duration_minutes": 60}'
expect_status 200
PASSWORD_CREATE_JWT=$(session_jwt_of)
step "Passwords: the new user's address is not verified yet, so AINative asserts no email for them"
call "$BASE_URL/api/v1/auth/verify" -H "Authorization: Bearer $PASSWORD_CREATE_JWT"
expect_status 200
expect_json '.email' null
step "Passwords: the user proves the address once with an email passcode (Stytch marks it verified)"
call -X POST "$STYTCH_BASE_URL/v1/otps/email/login_or_create" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" -d '{"email": "'"$METHOD_EMAIL"'"}'
expect_status 200
OTP_METHOD_ID=$(jq -r .email_id <<<"$BODY")
call --get "$STYTCH_BASE_URL/dev/outbox" --data-urlencode "email=$METHOD_EMAIL" --data-urlencode "kind=otp"
expect_status 200
call -X POST "$STYTCH_BASE_URL/v1/otps/authenticate" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" -H "Content-Type: application/json" \
  -d '{"method_id": "'"$OTP_METHOD_ID"'", "code": "'"$(jq -r .code <<<"$BODY")"'"}'
expect_status 200
step "Passwords: authenticate with the password"
call -X POST "$STYTCH_BASE_URL/v1/passwords/authenticate" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" \
  -d '{"email": "'"$METHOD_EMAIL"'", "password": "violet-Kettle-41-harbour", "session_duration_minutes": 60}'
expect_status 200
# A password session carries no email factor: identity finds the email through Stytch's sessions API.
method_checks "Password" "$(session_jwt_of)" "$METHOD_EMAIL"

METHOD_EMAIL="google-$RUN@example.com"
step "Google OAuth: the start URL redirects back with a token (devkit stands in for Google's consent screen)"
call --get "$STYTCH_BASE_URL/v1/public/oauth/google/start" --data-urlencode "public_token=$STYTCH_PUBLIC_TOKEN" \
  --data-urlencode "login_redirect_url=$GUIDE_REDIRECT_URL" --data-urlencode "signup_redirect_url=$GUIDE_REDIRECT_URL" \
  --data-urlencode "devkit_email=$METHOD_EMAIL"
expect_status 302
expect_header Location 'stytch_token_type=oauth'
OAUTH_TOKEN=$(tr -d '\r' <"$WORK/headers" | sed -n 's/^[Ll]ocation: .*[?&]token=\([^&]*\).*/\1/p')
[[ -n $OAUTH_TOKEN ]] || fail "no token in the redirect"
step "Google OAuth: authenticate the token"
call -X POST "$STYTCH_BASE_URL/v1/oauth/authenticate" -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" -d '{"token": "'"$OAUTH_TOKEN"'", "session_duration_minutes": 60}'
expect_status 200
expect_json '.provider_type' Google
method_checks "Google OAuth" "$(session_jwt_of)" "$METHOD_EMAIL"

step "Key rotation: Stytch starts signing with a new key; tokens verify without any restart"
call -X POST "$STYTCH_BASE_URL/dev/keys/rotate"
expect_status 200
NEW_KID=$(jq -r '.kid' <<<"$BODY")
call -X POST "$STYTCH_BASE_URL/dev/tokens" \
  -H "Content-Type: application/json" \
  -d '{"email": "'"$EMAIL"'"}'
expect_status 200
expect_json '.kid' "$NEW_KID"
TOKEN=$(jq -r '.session_jwt' <<<"$BODY")
note_credential TOKEN "$TOKEN"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.valid' true
expect_json '.email' "$EMAIL"

step "Internal endpoints are never routed through the gateway"
call -X POST "$BASE_URL/internal/v1/introspect" --data-urlencode "token=$TOKEN"
expect_status 404
call -X POST "$BASE_URL/internal/v1/admin/projects" \
  -H "Content-Type: application/json" -d '{"name": "via-gateway"}'
expect_status 404
for path in "/api/v1/auth/../../internal/v1/introspect" "/api/v1/auth/%2e%2e/%2e%2e/internal/v1/introspect" \
  "/api/v1/auth/..%2f..%2finternal/v1/introspect"; do
  call --path-as-is -X POST "$BASE_URL$path" --data-urlencode "token=$TOKEN"
  [[ $STATUS == 400 || $STATUS == 404 ]] || fail "expected 400 or 404 for $path, got $STATUS"
  pass "HTTP $STATUS for $path"
done
call "$BASE_URL/internal/v1/jwks"
expect_status 404

step "A signed principal works service to service only, never through the gateway"
# What chat-service gets from identity for this end user (RFC 9701), with chat's own credential.
CHAT_BASIC=$(printf 'chat-service:%s' "$CHAT_SERVICE_SECRET" | base64 -w0)
note_credential CHAT_BASIC "$CHAT_BASIC"
CHAT_CREDENTIAL="Authorization: Basic $CHAT_BASIC"
call -X POST "$IDENTITY_URL/internal/v1/introspect" -H "$CHAT_CREDENTIAL" \
  -H "Accept: application/token-introspection+jwt" --data-urlencode "token=$TOKEN"
expect_status 200
SIGNED_PRINCIPAL=$BODY
note_credential SIGNED_PRINCIPAL "$SIGNED_PRINCIPAL"
SERVICE_HEADER="X-Service-Authorization: Basic $CHAT_BASIC"
call "$ZERODB_URL/api/v1/zerodb/tables" -H "Authorization: Bearer $SIGNED_PRINCIPAL" -H "$SERVICE_HEADER"
expect_status 200
call "$ZERODB_API/tables" -H "Authorization: Bearer $SIGNED_PRINCIPAL" -H "$SERVICE_HEADER"
expect_status 401
call "$ZERODB_URL/api/v1/zerodb/tables" -H "Authorization: Bearer $SIGNED_PRINCIPAL"
expect_status 401

step "Step 3 again: registering the same Stytch issuer twice is a conflict"
call -X POST "$BASE_URL/api/v1/auth/providers" \
  -H "Authorization: Bearer $AINATIVE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
"provider": "stytch",
"domain": "stytch.com",
"client_id": "'"$STYTCH_PROJECT_ID"'",
"jwks_uri": "'"$STYTCH_BASE_URL"'/v1/sessions/jwks/'"$STYTCH_PROJECT_ID"'",
"issuer": "stytch.com/'"$STYTCH_PROJECT_ID"'",
"claim_mapping": {
"user_id": "sub",
"email": "emails"
},
"api_secret": "'"$STYTCH_SECRET"'"
}'
expect_status 409
expect_json '.code' provider_exists
expect_header Content-Type 'application/problem\+json'

printf '\nguide-flow: %d passed, 0 failed\n' "$PASSED"
