# Sourced by scripts/serve and scripts/test: a .venv with this package installed, made or
# updated only when needed. A stamp in .venv records a hash of what pip installs from
# (pyproject.toml, plugins/, templates/), the venv's Python and the extras; while it
# matches, nothing is installed and the command starts at once.

_goals_source_hash() {
  .venv/bin/python - <<'PY'
import hashlib, pathlib, sys
digest = hashlib.sha256(sys.version.encode())
files = [pathlib.Path("pyproject.toml")] + sorted(
    p for folder in ("plugins", "templates") for p in pathlib.Path(folder).rglob("*")
    if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
for path in files:
    digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
print(digest.hexdigest())
PY
}

# ensure_venv [EXTRAS]: install `.` (or `.[EXTRAS]`) into .venv unless the stamp says it is there.
ensure_venv() {
  local extras="${1:-}" stamp=.venv/.mkdocs-goals-installed log=.venv/pip-install.log
  local spec="." want have="" reason started
  [ -n "$extras" ] && spec=".[$extras]"
  if ! .venv/bin/python -c "" 2>/dev/null; then
    echo "goals: making .venv (python3 -m venv)" >&2
    rm -rf .venv
    python3 -m venv .venv
  fi
  want="$(_goals_source_hash) ${extras:-base}"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  # One stamp serves both scripts: an install with the test extras also has the base.
  if [ "$have" = "$want" ] || { [ -z "$extras" ] && [ "${have% *}" = "${want% *}" ]; }; then
    return 0
  fi
  if [ -z "$have" ]; then reason="first run: about half a minute"; else reason="the package or its dependencies changed"; fi
  echo "goals: installing mkdocs-goals$([ -n "$extras" ] && echo " with its $extras extras") into .venv ($reason)…" >&2
  started=$SECONDS
  if ! .venv/bin/python -m pip install --progress-bar off "$spec" 2>&1 | tee "$log" | _goals_progress; then
    echo "goals: pip failed; the last lines of $log:" >&2
    tail -n 25 "$log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
  echo "goals: installed in $((SECONDS - started)) s" >&2
}

# pip's output as progress: on a terminal one line that keeps changing, else a line per step.
_goals_progress() {
  local line width=$(( ${COLUMNS:-80} - 4 ))
  while IFS= read -r line; do
    case $line in
      Collecting*|Processing*|"Building wheel"*|"Installing collected"*|Successfully*) ;;
      *) continue ;;
    esac
    line="${line%% (from *}"
    if [ -t 2 ]; then printf '\r\033[K  %s' "${line:0:$width}" >&2; else printf '  %s\n' "${line:0:$width}" >&2; fi
  done
  if [ -t 2 ]; then printf '\r\033[K' >&2; fi
}
