#!/usr/bin/env bash
# The two everyday commands (see README):
#   bash scripts/dev.sh serve   install if needed, build the sample guide, serve it on 127.0.0.1:8000
#   bash scripts/dev.sh test    install if needed, then lint, type check and run every test
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
case "${1:-}" in
  serve)
    shift
    bash scripts/setup.sh
    exec .venv/bin/python build.py serve "$@"
    ;;
  test)
    shift
    bash scripts/setup.sh --test
    .venv/bin/ruff check site_builder tests build.py bench
    .venv/bin/mypy
    # -m "": every test, also those marked browser or slow (plain pytest leaves them out);
    # each test file on one worker (pytest-xdist) so its browser and server are started once,
    # the longest files first (tests/conftest.py). One worker more than cores: about a third
    # of the suite's time is spent waiting for browsers, servers and subprocesses.
    exec .venv/bin/python -m pytest -m "" -n "$(( $(nproc) + 1 ))" --dist loadfile --no-loadscope-reorder "$@"
    ;;
  *)
    echo "Aufruf: bash scripts/dev.sh serve|test [Optionen]" >&2
    exit 2
    ;;
esac
