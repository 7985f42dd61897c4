#!/usr/bin/env bash
# generate-secrets.sh: writes strong random secrets into .env (or prints them).
# A thin wrapper over `quantapilot secrets generate`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/generate-secrets.sh [--env-file FILE] [--force] | --print

Generates QP_MASTER_KEY, QP_ADMIN_API_KEY, QUANTAPILOT_FORGE_GITHUB_WEBHOOKSECRET and
QP_TELEGRAM_WEBHOOK_SECRET (and the database, Cursor webhook and Grafana passwords the file lists)
into the env file (default: .env of this repository), mode 0600. Values already set are kept
unless --force; empty values and example stand-ins (change-me, …) count as unset.

Options:
  --env-file FILE   the file to write (default: .env here)
  --force           replace values already set
  --print           print KEY=value lines instead of writing a file

Environment:
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  done
  1  the file could not be read or written
  2  usage error
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

if [ "${1:-}" = "--print" ]; then
  shift
  exec "$qp" secrets generate "$@"
fi
args=("$@")
if [[ " $* " != *" --env-file"[\ =]* ]]; then
  args+=(--env-file "$root/.env")
fi
exec "$qp" secrets generate "${args[@]}"
