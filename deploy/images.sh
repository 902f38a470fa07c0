#!/usr/bin/env bash
# deploy/images.sh: builds the production image of every deployable service from its
# src/main/docker/Dockerfile.jvm as $REGISTRY/<service>:<Maven version>, and pushes them with --push.
# devkit has no image: it is never deployed. See deploy/README.md, "Images".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly REGISTRY=${REGISTRY:-ghcr.io/ainative}
# The deployable services, each with src/main/docker/Dockerfile.jvm (deploy/image-check checks both lists agree).
readonly SERVICES=(identity-service zerodb-service memory-service chat-service)

die() { printf '[images] error: %s\n' "$*" >&2; exit 1; }
log() { printf '[images] %s\n' "$*" >&2; }

usage() {
  cat <<'EOF'
Usage: deploy/images.sh [--push] [--skip-build]

  Packages the services (./mvnw package -DskipTests -Pimage), then builds one image per service with docker or
  podman (CONTAINER_RUNTIME picks one), tagged $REGISTRY/<service>:<Maven version>.
  --push        push the images after building them (log in to the registry first)
  --skip-build  use the target/quarkus-app the modules already have

  REGISTRY        default ghcr.io/ainative
  IMAGE_SOURCE    the org.opencontainers.image.source label; default: the git remote origin
  IMAGE_LICENSES  the org.opencontainers.image.licenses label (SPDX); default NOASSERTION
EOF
}

push=0 build=1
while (($#)); do
  case $1 in
    --push) push=1 ;;
    --skip-build) build=0 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

# Checked first: without a container runtime that works there is nothing this script can do. A docker CLI
# whose daemon is not running counts as none.
usable() { command -v "$1" >/dev/null 2>&1 && "$1" info >/dev/null 2>&1; }
if [[ -n ${CONTAINER_RUNTIME:-} ]]; then
  runtime=$CONTAINER_RUNTIME
  usable "$runtime" || die "CONTAINER_RUNTIME=$runtime is not installed or does not answer '$runtime info'"
elif usable docker; then
  runtime=docker
elif usable podman; then
  runtime=podman
else
  die "no usable container runtime: neither docker (with a running daemon) nor podman answers 'info' here (or set CONTAINER_RUNTIME). Images cannot be built on this machine; deploy/image-check checks their build files instead"
fi

cd "$ROOT"
version=$(./mvnw -B -q -N help:evaluate -Dexpression=project.version -DforceStdout) || die "cannot read the Maven version"
[[ $version =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "the Maven version '$version' is not a valid image tag"
revision=$(git rev-parse HEAD 2>/dev/null || printf unknown)
[[ -z $(git status --porcelain 2>/dev/null) ]] || log "the work tree has uncommitted changes: the images are not exactly revision $revision"
# Without credentials an https remote may carry (https://user:token@host/...).
source_url=${IMAGE_SOURCE:-$(git remote get-url origin 2>/dev/null | sed -E 's#://[^/@]+@#://#' || true)}
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)

if ((build)); then
  modules=$(IFS=,; printf '%s' "${SERVICES[*]}")
  # -Pimage: identity-service's image packaging (the aot-jar its Dockerfile trains a JDK AOT cache for).
  log "packaging $modules: ./mvnw -B -q -pl $modules -am package -DskipTests -Pimage"
  ./mvnw -B -q -pl "$modules" -am package -DskipTests -Pimage || die "the build failed"
fi

for service in "${SERVICES[@]}"; do
  image="$REGISTRY/$service:$version"
  [[ -f $service/target/quarkus-app/quarkus-run.jar ]] || die "$service/target/quarkus-app is missing: run without --skip-build"
  log "building $image with $runtime"
  "$runtime" build -f "$service/src/main/docker/Dockerfile.jvm" -t "$image" \
    --build-arg VERSION="$version" --build-arg REVISION="$revision" --build-arg CREATED="$created" \
    --build-arg SOURCE="${source_url:-unknown}" --build-arg LICENSES="${IMAGE_LICENSES:-NOASSERTION}" \
    "$service"
  if ((push)); then
    log "pushing $image"
    "$runtime" push "$image"
  fi
done
log "done: ${SERVICES[*]} as $REGISTRY/<service>:$version$( ((push)) && printf ', pushed' )"
