#!/usr/bin/env bash
# weekly-maintenance.sh: weekly maintenance: daily's, plus old workspaces removed and VACUUM (ANALYZE).
# A thin wrapper over `quantapilot maintenance weekly`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/weekly-maintenance.sh [--json]

Everything daily-maintenance.sh does, plus it removes the workspaces of projects completed or
cancelled more than quantapilot.retention.workspaces ago (default 14d; the repositories stay) and
runs VACUUM (ANALYZE). Take a backup first (scripts/backup-system.sh).

Options:
  --json            the server's JSON
  --url, --api-key  override QP_URL / QP_API_KEY

Environment:
  QP_URL        the server (default: http://localhost:3000; in a split deployment the api role)
  QP_API_KEY    an API key of an admin
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  done
  1  failed, or maintenance is already running (409)
  2  usage error
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

exec "$qp" maintenance weekly "$@"
