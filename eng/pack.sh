#!/usr/bin/env bash
# Packs every library under src/ into artifacts/packages, with zero warnings (any warning fails the script).
# The version is VersionPrefix from Directory.Build.props; a CI build (CI=true) adds a prerelease suffix, as does
# VERSION_SUFFIX. Prints the version packed on its last line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${PACKAGES_DIR:-artifacts/packages}"
suffix="${VERSION_SUFFIX:-}"
if [ -z "$suffix" ] && [ "${CI:-}" = "true" ]; then suffix="ci.$(date -u +%Y%m%d%H%M%S)"; fi
args=(-c Release -o "$out")
if [ -n "$suffix" ]; then args+=(--version-suffix "$suffix"); fi
rm -rf "$out"
log="$(mktemp -t solstake-pack.XXXXXX.log)"
for project in src/*/*.csproj; do
  dotnet pack "$project" "${args[@]}" >> "$log" 2>&1 || { cat "$log"; echo "pack failed: $project" >&2; exit 1; }
done
if grep -E ": warning [A-Z]+[0-9]+|warning NU[0-9]+" "$log" >&2; then
  echo "pack produced warnings (above); a package must pack cleanly" >&2
  exit 1
fi
prefix="$(dotnet msbuild src/SolStake.Core/SolStake.Core.csproj -getProperty:VersionPrefix)"
version="$prefix${suffix:+-$suffix}"
count="$(ls "$out"/*.nupkg | wc -l)"
echo "packed $count packages (and symbols) into $out"
echo "$version"
