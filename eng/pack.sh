#!/usr/bin/env bash
# Packs every library under src/ into artifacts/packages (the sample host is an application, not a package).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for project in src/*/*.csproj; do
  dotnet pack "$project" -c Release -o artifacts/packages "$@"
done
