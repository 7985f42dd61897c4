#!/usr/bin/env bash
# validate-config.sh: checks the configuration a server started here would use, without starting it.
# A thin wrapper over `quantapilot config validate`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/validate-config.sh [--env-file FILE] [--strict] [--json]

Loads application.yml, ./application.yml, ./config/, the environment and the env file (default:
.env of this repository when it exists) and checks that every setting binds, no quantapilot.*
setting is unknown, URLs are URLs and the providers and forge in use have their keys.

Options:
  --env-file FILE   variables that count as set (default: .env here, when present)
  --strict          warnings fail too
  --json            JSON output

Environment:
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  valid
  1  errors found
  2  usage error
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

args=("$@")
if [[ " $* " != *" --env-file"[\ =]* ]] && [ -f "$root/.env" ]; then
  args+=(--env-file "$root/.env")
fi
exec "$qp" config validate ${args[@]+"${args[@]}"}
