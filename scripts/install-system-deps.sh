#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing: redis-server
# (private test instances), chromium (browser tests), nginx (deploy checks and the
# topology tests), iproute2 and nftables (network namespaces and a packet filter for the
# test across hosts, e2e/hosts.spec.ts) and a colour emoji font. Debian/Ubuntu with
# apt-get; needs root.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v ip >/dev/null 2>&1 || [[ -x /usr/sbin/ip ]] || [[ -x /sbin/ip ]] || missing+=(iproute2)
command -v nft >/dev/null 2>&1 || [[ -x /usr/sbin/nft ]] || missing+=(nftables)
[[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]] || missing+=(fonts-noto-color-emoji)

if ((${#missing[@]} == 0)); then
  echo "system deps: redis-server, chromium, nginx, iproute2, nftables present"
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "system deps missing: ${missing[*]}. Install them: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system deps: installing ${missing[*]}"
apt-get update -qq
# RUNLEVEL=1 keeps the packages from starting system services (nginx on :80, redis on :6379).
RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
