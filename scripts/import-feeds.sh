#!/usr/bin/env bash
# The nightly import (.github/workflows/import.yml): for each provider under import.feeds in
# site.yaml, fetch and import its catalogue on the branch import/<provider> and open (or
# update) one pull request whose description is the import report. Needs git and gh.
#   bash scripts/import-feeds.sh            all providers
#   bash scripts/import-feeds.sh ID …       only these
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY=.venv/bin/python
BASE="$(git rev-parse --abbrev-ref HEAD)"
REPORTS="$(mktemp -d)"
trap 'rm -rf "$REPORTS"' EXIT
git config user.name >/dev/null || git config user.name "Lotse-Import"
git config user.email >/dev/null || git config user.email "lotse-import@users.noreply.github.com"

if [ "$#" -gt 0 ]; then
  providers=("$@")
else
  mapfile -t providers < <("$PY" -c '
import sys
from pathlib import Path
from site_builder.load import load_sources
from site_builder.validate import validate
valid, _ = validate(load_sources(Path(".").resolve()))
feeds = valid.site.import_.feeds if valid.site and valid.site.import_ else []
print("\n".join(dict.fromkeys(f.provider for f in feeds)))
')
fi

failed=0
for provider in "${providers[@]}"; do
  [ -n "$provider" ] || continue
  branch="import/$provider"
  git checkout -q -B "$branch" "origin/$BASE" 2>/dev/null || git checkout -q -B "$branch" "$BASE"
  if ! "$PY" build.py import feeds --provider "$provider" --report-dir "$REPORTS/$provider"; then
    echo "Import für $provider fehlgeschlagen; kein Pull Request." >&2
    failed=1
    git checkout -q -- . && git clean -qfd -- offers content
    git checkout -q "$BASE"
    continue
  fi
  if [ -z "$(git status --porcelain -- offers content)" ]; then
    echo "$provider: keine Änderungen."
    git checkout -q "$BASE"
    continue
  fi
  body="$(ls "$REPORTS/$provider"/*.md | head -n 1)"
  git add -A -- offers content
  git commit -q -m "Import: Katalog von $provider"
  git push -q -f origin "$branch"
  if gh pr view "$branch" --json state -q .state 2>/dev/null | grep -q OPEN; then
    gh pr edit "$branch" --body-file "$body"
  else
    gh pr create --base "$BASE" --head "$branch" --title "Import: Katalog von $provider" --body-file "$body"
  fi
  git checkout -q "$BASE"
done
exit "$failed"
