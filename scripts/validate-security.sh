#!/usr/bin/env bash
# validate-security.sh: checks the configuration and .env for weak or missing secrets and unsafe settings.
# A thin wrapper over `quantapilot security validate`; run it with --help for the options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'EOF'
Usage: scripts/validate-security.sh [--env-file FILE] [--strict] [--json]

Looks for missing, weak or example secrets (master key, admin API key, webhook secrets),
default database passwords, the master key file's permissions, anonymous clones of the local forge,
SMTP without TLS, an http public URL, agents without a sandbox, an env file readable by others.
Prints setting names, never values. Uses .env of this repository when it exists.

Options:
  --env-file FILE   the env file to check (default: .env here, when present)
  --strict          warnings fail too
  --json            JSON output

Environment:
  QUANTAPILOT   the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  no errors
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
exec "$qp" security validate ${args[@]+"${args[@]}"}
