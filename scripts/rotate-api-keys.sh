#!/usr/bin/env bash
# rotate-api-keys.sh: replaces API keys by new ones (after a compromise, or on a schedule).
# A thin wrapper over `quantapilot keys rotate`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/rotate-api-keys.sh (KEY_ID|PREFIX... | --all) [--grace 0|30m|24h|7d] [--expires-in-days N] [--env-file FILE] [--json]

Each key is replaced by a new one with the same name and user; the new secret is printed once.
The old key is revoked at once, or keeps working for --grace so clients can switch. Your own key
(QP_API_KEY) is rotated last; with --env-file its new secret is written there as QP_API_KEY.

Options:
  KEY_ID|PREFIX     keys to rotate (see: quantapilot keys list)
  --all             every active key
  --grace D         how long old keys keep working (default 0: revoked at once)
  --expires-in-days lifetime of the new keys (default: the old key's)
  --env-file FILE   where to write your own new key
  --json            JSON output
  --url, --api-key  override QP_URL / QP_API_KEY

Environment:
  QP_URL        the server (default: http://localhost:3000; in a split deployment the api role)
  QP_API_KEY    an API key of an admin
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  every key rotated
  1  a key was not found or not rotated (the others are reported)
  2  usage error
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

exec "$qp" keys rotate "$@"
