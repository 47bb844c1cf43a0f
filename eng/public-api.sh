#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of the given src/ projects (default: all) from their current public surface, with
# the PublicApiAnalyzers code fix. Review the diff: it is the change to what users call. Moving the lines into
# PublicAPI.Shipped.txt is part of a release.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then projects=(src/*/*.csproj); fi
for project in "${projects[@]}"; do
  dir="$(dirname "$project")"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity info >/dev/null 2>&1 || true
  echo "$dir/PublicAPI.Unshipped.txt: $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) entries"
done
