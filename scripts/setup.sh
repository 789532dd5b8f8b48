#!/usr/bin/env bash
# Installs what Lotse needs, idempotently: each step is skipped when its result is there.
#   bash scripts/setup.sh          Python packages in .venv (enough to build and serve)
#   bash scripts/setup.sh --test   also what the tests use: Debian's chromium, Java for the
#                                  W3C Nu checker, and vnu-jar + axe-core from npm
#   bash scripts/setup.sh --cms    also the browser editor from npm (cms/): Decap CMS, its local
#                                  git proxy and a YAML parser; --test includes it
# Debian packages are installed with apt-get as root, through sudo otherwise; without either,
# the script names the packages to install and stops.
# LOTSE_CHROMIUM: where Chromium is expected (default /usr/bin/chromium, as tests/browser.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive
log() { printf '[setup] %s\n' "$*" >&2; }
want_test=0
[ "${1:-}" = "--test" ] && want_test=1
want_cms=$want_test  # the tests drive the browser editor too
[ "${1:-}" = "--cms" ] && want_cms=1

# What failed, and what usually helps: the tool's own (English) message stands above it.
offline() {  # what failed, the tool, where it downloads from
  log "Fehler: $1 (die Meldung von $2 steht darüber)."
  log "Meist fehlt die Verbindung $3: Netz prüfen, hinter einem Proxy HTTPS_PROXY setzen, dann dieses Skript erneut starten."
  exit 1
}

apt_packages=()
PY="${PYTHON:-python3}"
# The oldest Python Lotse runs on (pyproject.toml's requires-python; tests/test_setup.py compares).
MIN_PYTHON=3.11
# "3.11" when the interpreter runs and is new enough, else nothing.
python_version() { "$1" -c "import sys; v = sys.version_info; print(f'{v[0]}.{v[1]}' if v >= tuple(map(int, '$MIN_PYTHON'.split('.'))) else '')" 2>/dev/null || true; }
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_packages+=(python3-venv)
fi
if [ "$want_test" = 1 ]; then
  [ -x "${LOTSE_CHROMIUM:-/usr/bin/chromium}" ] || apt_packages+=(chromium)
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || apt_packages+=(fonts-dejavu-core)
  command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
elif [ "$want_cms" = 1 ]; then
  command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  as_root=()  # root runs apt-get itself; others (hosted CI runners, most desktops) through sudo
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      printf '[setup] Fehler: Es fehlen Debian-Pakete, und ohne root-Rechte oder sudo kann sie dieses Skript nicht installieren.\n' >&2
      printf '[setup] Bitte als root installieren:  apt-get install %s\n' "${apt_packages[*]}" >&2
      printf '[setup] Danach dieses Skript erneut starten.\n' >&2
      exit 1
    fi
    as_root=(sudo)
  fi
  log "apt-get install ${apt_packages[*]}"
  "${as_root[@]}" apt-get update -qq || offline "Die Paketlisten von Debian ließen sich nicht laden" apt-get "zu den Paketquellen (deb.debian.org)"
  # Through env: as root there is no sudo in front that would take the variable assignment.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null \
    || offline "Die Debian-Pakete ${apt_packages[*]} ließen sich nicht installieren" apt-get "zu den Paketquellen (deb.debian.org)"
fi

# The npm folders install while pip does (neither needs the other): on a fresh machine that
# is half a minute of the README's test command. Each folder is skipped when its stamp
# matches its lock file.
npm_folder() {  # folder, what it holds, npm ci flags
  local folder="$1" what="$2" lock
  shift 2
  lock="$(sha256sum "$folder/package-lock.json" | cut -c1-16)"
  [ "$(cat "$folder/node_modules/.lotse-lock" 2>/dev/null || true)" != "$lock" ] || return 0
  log "npm: $what"
  (cd "$folder" && npm ci "$@" --no-audit --no-fund --loglevel=error)
  echo "$lock" > "$folder/node_modules/.lotse-lock"
}
npm_jobs=()
if [ "$want_test" = 1 ]; then
  # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; Debian's is used.
  npm_folder tests/tools "vnu-jar und axe-core" --ignore-scripts &
  npm_jobs+=($!)
fi
if [ "$want_cms" = 1 ]; then
  # --prefer-offline: once the packages are in npm's cache, no registry is asked again.
  npm_folder cms "Decap CMS, decap-server und yaml (Redaktion im Browser)" --ignore-scripts --prefer-offline &
  npm_jobs+=($!)
fi

# An existing .venv must run, be new enough and still be the Python it was made with: after
# an upgrade of the system's Python (Debian 12 to 13: 3.11 to 3.13) its packages lie in the
# old version's folder, and a stamp that only says "installed" would leave Lotse without them.
venv_version="$(python_version .venv/bin/python)"
made_with="$(sed -n 's/^version *= *\([0-9]*\.[0-9]*\).*/\1/p' .venv/pyvenv.cfg 2>/dev/null || true)"
if [ -e .venv ] || [ -L .venv ]; then
  if [ -z "$venv_version" ] || { [ -n "$made_with" ] && [ "$made_with" != "$venv_version" ]; }; then
    if [ -L .venv ]; then  # someone else's environment (a worktree links the main checkout's): not ours to clear
      log "Fehler: .venv verweist auf $(readlink .venv), und die Python-Umgebung dort läuft nicht oder ist älter als Python $MIN_PYTHON."
      log "Bitte dort neu einrichten oder den Link entfernen (rm .venv), dann dieses Skript erneut starten."
      exit 1
    fi
    log "Python-Umgebung .venv passt nicht (läuft nicht, älter als Python $MIN_PYTHON oder für Python ${made_with:-?} angelegt); neu anlegen"
    rm -rf .venv
  fi
fi
if [ ! -x .venv/bin/python ]; then
  if [ -z "$(python_version "$PY")" ]; then
    log "Fehler: Lotse braucht Python $MIN_PYTHON oder neuer; $PY ist älter oder fehlt."
    log "Bitte eine neuere Version installieren und so starten: PYTHON=python3.12 bash scripts/setup.sh"
    exit 1
  fi
  log "Python-Umgebung .venv anlegen"
  "$PY" -m venv .venv
fi
stamp="$(sha256sum < pyproject.toml | cut -c1-16)-$want_test"
installed="$(cat .venv/.lotse-setup 2>/dev/null || true)"
# A venv set up for the tests also serves everything else; only the reverse needs an install.
if [ "$installed" != "$stamp" ] && [ "$installed" != "${stamp%-0}-1" ]; then
  log "Python-Pakete installieren"
  # Not from Lotse: a pip configuration that lists local package folders (extra-index-url
  # file:///…) warns once per package missing there; the packages still come from the index.
  quiet_pip() { .venv/bin/python -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2 || true); }
  quiet_pip install -q --disable-pip-version-check --upgrade pip || offline "pip ließ sich nicht aktualisieren" pip "zum Paketindex (pypi.org)"
  extras=""
  [ "$want_test" = 1 ] && extras="[test]"
  quiet_pip install -q --disable-pip-version-check -e ".${extras}" || offline "Die Python-Pakete ließen sich nicht installieren" pip "zum Paketindex (pypi.org)"
  echo "$stamp" > .venv/.lotse-setup
fi

for job in "${npm_jobs[@]}"; do
  # A failed npm step fails the script, after pip has finished.
  wait "$job" || offline "Die npm-Pakete ließen sich nicht installieren" npm "zur npm-Registry (registry.npmjs.org)"
done
