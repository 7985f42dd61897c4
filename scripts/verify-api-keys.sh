#!/usr/bin/env bash
# verify-api-keys.sh: checks every configured agent provider (its API key, reachability) on the server.
# A thin wrapper over `quantapilot agents verify`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/verify-api-keys.sh [--json] [--url URL] [--api-key KEY]

Asks the server to check each agent provider it has configured: settings complete, credentials
accepted, endpoint reachable. A QP_API_KEY the server refuses fails too.

Options:
  --json            print the server's answer as JSON
  --url, --api-key  override QP_URL / QP_API_KEY

Environment:
  QP_URL        the server (default: http://localhost:3000; in a split deployment the api role)
  QP_API_KEY    an API key of an admin or operator
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  every provider works
  1  a provider fails, or the server could not be asked
  2  usage error
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

exec "$qp" agents verify "$@"
