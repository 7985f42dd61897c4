#!/usr/bin/env bash
# security-audit.sh: the server's security state: audit log, failed sign-ins, lockouts, keys, admins, sessions.
# A thin wrapper over `quantapilot security audit`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/security-audit.sh [--period 24h|7d] [--strict] [--json]

Summarises the audit log of the period, failed sign-ins and lockouts, API keys expiring within
14 days or unused for 30, the administrators and the live dashboard sessions.

Options:
  --period P        how far back (default 24h)
  --strict          exit 1 when lockouts, expiring or unused keys were found
  --json            the server's JSON
  --url, --api-key  override QP_URL / QP_API_KEY

Environment:
  QP_URL        the server (default: http://localhost:3000; in a split deployment the api role)
  QP_API_KEY    an API key of an admin
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  report printed (with --strict: and nothing needs attention)
  1  the server could not be asked, or --strict found something
  2  usage error
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

exec "$qp" security audit "$@"
