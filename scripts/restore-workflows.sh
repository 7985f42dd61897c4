#!/usr/bin/env bash
# restore-workflows.sh — deploy workflow definitions again from files (wraps 'quantapilot workflows import').
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/restore-workflows.sh FILE|DIR [--url URL] [--api-key KEY]

Deploys FILE, or every *.bpmn20.xml in DIR (e.g. written by `quantapilot workflows export`, or the
workflows/ folder of a backup archive). The engine validates each one; an invalid definition is
refused and not deployed. Needs an admin key (--api-key or QP_API_KEY).

Exit codes: 0 all deployed, 1 any refused or the server unreachable, 2 usage error.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The launcher: $QUANTAPILOT if set (e.g. an installed binary), else the repository's ./quantapilot.
qp="${QUANTAPILOT:-$here/../quantapilot}"
if [ ! -x "$qp" ] && ! command -v "$qp" >/dev/null 2>&1; then
  echo "restore-workflows.sh: cannot run $qp (set QUANTAPILOT to the quantapilot launcher)" >&2
  exit 1
fi

case "${1:-}" in -h|--help) usage; exit 0 ;; "") usage >&2; exit 2 ;; esac
source="$1"; shift
files=()
if [ -d "$source" ]; then
  while IFS= read -r -d "" f; do files+=("$f"); done < <(find "$source" -maxdepth 1 -name "*.bpmn20.xml" -print0 | sort -z)
  [ ${#files[@]} -gt 0 ] || { echo "restore-workflows.sh: no *.bpmn20.xml in $source" >&2; exit 1; }
elif [ -f "$source" ]; then
  files=("$source")
else
  echo "restore-workflows.sh: no file or directory at $source" >&2; exit 1
fi
for f in "${files[@]}"; do
  "$qp" workflows import "$f" "$@"
done
