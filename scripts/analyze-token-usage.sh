#!/usr/bin/env bash
# analyze-token-usage.sh: token usage and cost by role, model, stage, day, provider or project.
# A thin wrapper over `quantapilot usage report`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/analyze-token-usage.sh [--since 30d|24h|YYYY-MM-DD] [--group-by role|model|stage|day|provider|project] [--project ID] [--json]

Prints tokens (input, output, cached) and cost from the server's ledger, grouped as asked.
Estimated figures are marked with *.

Options:
  --since VALUE     how far back (default 30d)
  --group-by KEY    role (default), model, stage, day, provider or project
  --project ID      only one project
  --json            the server's JSON
  --url, --api-key  override QP_URL / QP_API_KEY

Environment:
  QP_URL        the server (default: http://localhost:3000; in a split deployment the api role)
  QP_API_KEY    an API key
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  printed
  1  the server could not be asked
  2  usage error
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

exec "$qp" usage report "$@"
