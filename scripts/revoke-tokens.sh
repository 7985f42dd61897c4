#!/usr/bin/env bash
# revoke-tokens.sh: revokes API keys and ends dashboard sessions.
# A thin wrapper over `quantapilot keys revoke`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/revoke-tokens.sh [KEY_ID|PREFIX...] [--user NAME] [--all-sessions] [--json]

Revokes the given API keys at once. --user NAME revokes every active key of that user and ends
their dashboard sessions; --all-sessions signs everyone out of the dashboard (keys stay).
Revoking is idempotent.

Options:
  KEY_ID|PREFIX     keys to revoke
  --user NAME       all keys and sessions of one user
  --all-sessions    end every dashboard session
  --json            JSON output
  --url, --api-key  override QP_URL / QP_API_KEY

Environment:
  QP_URL        the server (default: http://localhost:3000; in a split deployment the api role)
  QP_API_KEY    an API key of an admin
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  done
  1  a key or user was not found, or the server refused
  2  usage error (nothing to revoke given)
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

exec "$qp" keys revoke "$@"
