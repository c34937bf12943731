#!/usr/bin/env bash
# Extracts Debian's prometheus package (prometheus and promtool binaries) into DEST without installing
# it: installing would start a daemon. Idempotent: does nothing when DEST already has a working promtool.
# Usage: .ci/install-prometheus.sh DEST        → DEST/usr/bin/{prometheus,promtool}
set -euo pipefail

dest="${1:?usage: $0 DEST (folder to extract the prometheus package into)}"
if "$dest/usr/bin/promtool" --version >/dev/null 2>&1; then
  echo "promtool already in $dest/usr/bin"
  exit 0
fi
for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found: this script needs a Debian/Ubuntu machine" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download -q prometheus; then
  # fresh containers have no package lists yet
  [ "$(id -u)" -eq 0 ] || { echo "apt-get download failed; run 'apt-get update' as root and retry" >&2; exit 1; }
  apt-get update -qq
  apt-get download -q prometheus
fi
mkdir -p "$dest"
dpkg-deb -x prometheus_*.deb "$dest"
"$dest/usr/bin/promtool" --version | head -1
