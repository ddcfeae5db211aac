#!/usr/bin/env bash
# Renders deploy/nginx/chatty.conf for a machine without Docker: the `api` service
# becomes upstream groups on loopback, the SPA root a local folder, and every path nginx
# writes (pid, logs, temp files) lives in the output folder. Used by .ci/check-deploy.sh
# (`nginx -t`) and e2e/topology.spec.ts (a real nginx in front of real server processes).
#
#   deploy/nginx-test-config.sh --out DIR --listen HOST:PORT --root DIR \
#       --upstream HOST:PORT [--upstream HOST:PORT ...] [--upstream-params 'max_fails=1 ...']
#
# Writes DIR/nginx.conf (run: nginx -p DIR -e DIR/error.log -c DIR/nginx.conf) and prints
# its path. Requests go round-robin over all upstreams, except that a request carrying
# the cookie chatty_upstream=N goes to the N-th upstream only (test-only pinning, so a
# test can put two browsers on two different server processes). --upstream-params is added
# to each server line of the round-robin group (passive health checks: e2e/hosts.spec.ts).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out='' listen='' root='' params=''
upstreams=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --listen) listen="$2"; shift 2 ;;
    --root) root="$2"; shift 2 ;;
    --upstream) upstreams+=("$2"); shift 2 ;;
    --upstream-params) params=" $2"; shift 2 ;;
    *) echo "nginx-test-config: unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$out" || -z "$listen" || -z "$root" || ${#upstreams[@]} -eq 0 ]]; then
  echo "usage: $0 --out DIR --listen HOST:PORT --root DIR --upstream HOST:PORT [...]" >&2
  exit 2
fi
mime_types=/etc/nginx/mime.types
if [[ ! -f "$mime_types" ]]; then
  echo "nginx-test-config: $mime_types is missing: install nginx (apt-get install -y nginx)" >&2
  exit 1
fi

mkdir -p "$out/tmp"
out="$(cd "$out" && pwd)"
root="$(cd "$root" && pwd)"

cp "$here/nginx/security-headers.conf" "$out/chatty-security-headers.conf"
sed \
  -e "s|^\(\s*\)listen 80;|\1listen $listen;|" \
  -e "s|^\(\s*\)root /usr/share/nginx/html;|\1root $root;|" \
  -e "s|/etc/nginx/snippets/chatty-security-headers.conf|$out/chatty-security-headers.conf|" \
  -e 's|resolver 127\.0\.0\.11 |resolver 127.0.0.1 |' \
  -e 's|set \$chatty_api api:8000;|set $chatty_api $chatty_test_upstream;|' \
  "$here/nginx/chatty.conf" >"$out/chatty.conf"

# Fail loudly if chatty.conf changed shape and a substitution silently missed.
for leftover in 'listen 80;' '/usr/share/nginx/html' '/etc/nginx/' '127.0.0.11' 'api:8000'; do
  if grep -v '^\s*#' "$out/chatty.conf" | grep -qF -- "$leftover"; then
    echo "nginx-test-config: '$leftover' is still in the rendered chatty.conf: update $0" >&2
    exit 1
  fi
done

{
  # A root master would hand workers to `nobody`, who may not read a checkout under /root.
  if [[ "$(id -u)" == 0 ]]; then echo 'user root root;'; fi
  cat <<CONF
worker_processes 1;
pid $out/nginx.pid;
error_log $out/error.log warn;
daemon off;

events {
    worker_connections 512;
}

http {
    include $mime_types;
    default_type application/octet-stream;
    log_format chatty_test '\$remote_addr "\$request" \$status upstream=\$upstream_addr pin=\$cookie_chatty_upstream';
    access_log $out/access.log chatty_test;
    client_body_temp_path $out/tmp/client_body;
    proxy_temp_path $out/tmp/proxy;
    fastcgi_temp_path $out/tmp/fastcgi;
    uwsgi_temp_path $out/tmp/uwsgi;
    scgi_temp_path $out/tmp/scgi;

    upstream chatty_api {
CONF
  for u in "${upstreams[@]}"; do echo "        server $u$params;"; done
  echo '    }'
  i=0
  for u in "${upstreams[@]}"; do
    i=$((i + 1))
    printf '    upstream chatty_api_%d {\n        server %s;\n    }\n' "$i" "$u"
  done
  echo '    map $cookie_chatty_upstream $chatty_test_upstream {'
  echo '        default chatty_api;'
  for ((n = 1; n <= i; n++)); do echo "        $n chatty_api_$n;"; done
  echo '    }'
  cat <<CONF

    include $out/chatty.conf;
}
CONF
} >"$out/nginx.conf"

echo "$out/nginx.conf"
