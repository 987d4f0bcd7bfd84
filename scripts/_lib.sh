# shellcheck shell=bash
# Shared by scripts/demo and scripts/test. Every step is idempotent: re-running is cheap.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
export DEBIAN_FRONTEND=noninteractive
# uv ships its own CA roots; a stripped environment otherwise fails with "client error (Connect)".
export UV_SYSTEM_CERTS="${UV_SYSTEM_CERTS:-1}"
log() { printf '==> [%4ss] %s\n' "$SECONDS" "$*" >&2; }

SUDO=()
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n); fi

# ensure_apt PKG...: install only the Debian packages that are missing (apt-get update only then).
ensure_apt() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -qx 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
    echo "Missing Debian packages; run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  log "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq </dev/null
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

# Map 仿宋/黑体/宋体 (not redistributable) to Noto CJK SC for LibreOffice and WeasyPrint.
ensure_cjk_font_aliases() {
  local src="$ROOT/deploy/fontconfig/65-cjk-aliases.conf" dst
  if [ "$(id -u)" = 0 ]; then dst=/etc/fonts/conf.d/65-cjk-aliases.conf
  else dst="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d/65-cjk-aliases.conf"; fi
  cmp -s "$src" "$dst" 2>/dev/null && return 0
  mkdir -p "$(dirname "$dst")" && cp "$src" "$dst" && { fc-cache -f >/dev/null 2>&1 || true; }
}

# Django 6 needs Python >= 3.12; Debian 12 ships 3.11. Use a local 3.12+ (PATH or pyenv), never a download.
find_python() {
  local c exe pyenv_root="${PYENV_ROOT:-${HOME:-/root}/.pyenv}"
  for c in "${PYTHON:-}" python3.12 "$pyenv_root"/versions/3.12*/bin/python3 \
           python3.13 "$pyenv_root"/versions/3.13*/bin/python3 python3; do
    [ -n "$c" ] || continue
    exe="$("$c" -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null)" \
      && { echo "$exe"; return 0; }
  done
  return 1
}

ensure_python_uv() {
  if PY="$(find_python)"; then
    export UV_PYTHON="$PY" UV_PYTHON_DOWNLOADS=never
  else
    PY="$(command -v python3)"
    log "no local Python >= 3.12 found; uv will try to download one"
  fi
  # uv goes into that same interpreter (a plain `pip install uv` under pyenv lands in the global 3.11).
  "$PY" -m uv --version >/dev/null 2>&1 ||
    "$PY" -m pip install -q --disable-pip-version-check --root-user-action=ignore 'uv>=0.13' </dev/null
  UV=("$PY" -m uv)
  log "python: $PY; $("${UV[@]}" --version)"
}

uv_sync() {
  if [ -n "${CI:-}" ]; then "${UV[@]}" sync --locked "$@"; else "${UV[@]}" sync "$@"; fi
}

# Front-end libraries (Chart.js) come from the npm registry as pinned in package-lock.json, served from
# node_modules/ as static files; `npm ci` runs only when node_modules is missing or older than the lock.
ensure_npm_packages() {
  command -v npm >/dev/null 2>&1 || ensure_apt nodejs npm
  if [ -d node_modules ] && [ node_modules -nt package-lock.json ]; then return 0; fi
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error </dev/null >/dev/null
  touch node_modules
}

APT_RUN=(fontconfig fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0)
APT_TEST=("${APT_RUN[@]}" chromium chromium-driver poppler-utils postgresql libreoffice-writer-nogui libreoffice-calc-nogui)
