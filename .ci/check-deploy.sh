#!/usr/bin/env bash
# Proves the deployment files on a machine with no Docker engine (called by .ci/run):
#   1. `nginx -t` on deploy/nginx/chatty.conf, rendered for loopback upstreams by
#      deploy/nginx-test-config.sh (Debian's nginx; installed here when missing);
#   2. docker-compose.yml against the Compose Specification schema and the Dockerfiles
#      with dockerfile-utils, plus this stack's own rules (deploy/lint-deploy.mjs), the
#      cluster override (docker-compose.cluster.yml) merged onto it as well;
#   3. the Kubernetes manifests (deploy/k8s/) against the Kubernetes schemas (deploy/lint-k8s.mjs);
#   4. `docker compose config -q` as well, where the compose plugin exists.
# The browser test of the whole topology is e2e/topology.spec.ts (npm run test:e2e).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

nginx_bin="$(command -v nginx || true)"
[[ -z "$nginx_bin" && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
if [[ -z "$nginx_bin" ]]; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "check-deploy: nginx is missing; install it: apt-get install -y nginx" >&2
    exit 1
  fi
  echo "check-deploy: installing nginx"
  apt-get update -qq
  # RUNLEVEL=1: install the binary without starting a system nginx on port 80.
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  nginx_bin=/usr/sbin/nginx
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/web"
conf="$(deploy/nginx-test-config.sh --out "$work/nginx" --listen 127.0.0.1:8080 \
  --root "$work/web" --upstream 127.0.0.1:8001 --upstream 127.0.0.1:8002)"
"$nginx_bin" -t -q -p "$work/nginx" -e "$work/nginx/error.log" -c "$conf"
echo "check-deploy: nginx -t OK (deploy/nginx/chatty.conf, upstreams on loopback)"

node deploy/lint-deploy.mjs
node deploy/lint-k8s.mjs

if docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q
  docker compose -f docker-compose.yml -f docker-compose.cluster.yml config -q
  echo "check-deploy: docker compose config OK"
else
  echo "check-deploy: no docker compose plugin here; the compose schema check above stands in"
fi
