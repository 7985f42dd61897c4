#!/usr/bin/env bash
# daily-maintenance.sh: daily maintenance on the server: purge what outlived its retention, disk report, ANALYZE.
# A thin wrapper over `quantapilot maintenance daily`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/daily-maintenance.sh [--json]

Deletes ended dashboard sessions, expired link tokens, finished notifications, webhook logs,
work items of ended processes and old agent event logs past quantapilot.retention.*, measures the
workspaces' disk use and runs ANALYZE. Every action reports its count; idempotent. Logs are
rotated by the server's logging, not here.

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

exec "$qp" maintenance daily "$@"
