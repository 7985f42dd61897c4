#!/usr/bin/env bash
# setup.sh: first-time setup of a QuantaPilot checkout — prerequisites, directories, .env with generated
# secrets, the jar. Safe to run again: nothing that exists is overwritten.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qp="${QUANTAPILOT:-$root/quantapilot}"

usage() {
  cat <<'USAGE'
Usage: scripts/setup.sh [--check-only] [--skip-build]

First-time setup of this checkout:
  1. checks the prerequisites: Java 17 or newer, git (required); bubblewrap (bwrap, optional: without it
     generated code and agent commands run unsandboxed)
  2. creates the data and log directories (QP_DATA_DIR, QP_LOGS_DIR; default ./data and ./logs)
  3. copies .env.example to .env when there is an example and no .env yet (deploy/.env.example to
     deploy/.env, the Compose file's, when the checkout has no .env.example of its own)
  4. builds the jar (./mvnw package, tests skipped)
  5. fills .env with generated secrets (quantapilot secrets generate --env-file .env; values already
     set are kept), leaving .env readable by its owner only
Then start the server with ./quantapilot server, or with the Compose file in deploy/.

Options:
  --check-only   only check the prerequisites and report what would be done; change nothing
  --skip-build   do not build the jar (the launcher builds it on first use)

Environment:
  QP_DATA_DIR, QP_LOGS_DIR   where data and logs go
  QUANTAPILOT                the quantapilot launcher to run (default: ./quantapilot of this repository)

Exit codes:
  0  ready (with --check-only: the prerequisites are met)
  1  a prerequisite is missing or a step failed
  2  usage error
USAGE
}

check_only=0
build=1
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --check-only) check_only=1 ;;
    --skip-build) build=0 ;;
    *) echo "setup.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

ok() { printf '  ✓ %s\n' "$1"; }
bad() { printf '  ✗ %s\n' "$1"; }
todo() { printf '  → %s\n' "$1"; }

missing=0
echo "Prerequisites:"
if command -v java >/dev/null 2>&1; then
  # "openjdk version "17.0.9"", "java version "1.8.0_382"": the feature release is the first number (after 1.).
  version_line="$(java -version 2>&1 | head -n 1)"
  version="$(printf '%s' "$version_line" | sed -E 's/.*version "([^"]*)".*/\1/')"
  major="${version%%.*}"
  if [ "$major" = "1" ]; then
    major="$(printf '%s' "$version" | cut -d. -f2)"
  fi
  if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge 17 ]; then
    ok "Java $version"
  else
    bad "Java 17 or newer is needed, found: $version_line"
    missing=1
  fi
else
  bad "Java 17 or newer is needed (e.g. apt-get install openjdk-17-jdk-headless)"
  missing=1
fi
if command -v git >/dev/null 2>&1; then
  ok "$(git --version)"
else
  bad "git is needed (e.g. apt-get install git)"
  missing=1
fi
if command -v bwrap >/dev/null 2>&1; then
  ok "bubblewrap $(bwrap --version 2>/dev/null | awk '{print $2}') (agent commands and tests run sandboxed)"
else
  echo "  ! bubblewrap (bwrap) not found: optional, but without it generated code runs unsandboxed (apt-get install bubblewrap)"
fi

data_dir="${QP_DATA_DIR:-$root/data}"
logs_dir="${QP_LOGS_DIR:-$root/logs}"
# The Compose deployment keeps its env file next to the Compose file (deploy/.env); a checkout with its own
# .env.example at the top uses that one.
env_dir="$root"
if [ ! -f "$root/.env.example" ] && [ -f "$root/deploy/.env.example" ]; then
  env_dir="$root/deploy"
fi
env_file="$env_dir/.env"
env_name="${env_file#"$root"/}"

if [ "$check_only" = 1 ]; then
  echo "Would do:"
  for dir in "$data_dir" "$logs_dir"; do
    if [ -d "$dir" ]; then ok "$dir exists"; else todo "create $dir"; fi
  done
  if [ -f "$env_file" ]; then
    ok "$env_name exists (missing secrets would be generated into it)"
  elif [ -f "$env_dir/.env.example" ]; then
    todo "copy ${env_name}.example to $env_name and generate its secrets"
  else
    todo "create $env_name with generated secrets"
  fi
  if [ "$build" = 1 ]; then todo "build the jar (./mvnw -q -B -DskipTests package)"; fi
  if [ "$missing" = 1 ]; then
    echo "Prerequisites missing: install them and run scripts/setup.sh again." >&2
    exit 1
  fi
  echo "Prerequisites met."
  exit 0
fi

if [ "$missing" = 1 ]; then
  echo "Prerequisites missing: install them and run scripts/setup.sh again." >&2
  exit 1
fi

echo "Setting up:"
mkdir -p "$data_dir" "$logs_dir"
chmod 700 "$data_dir"
ok "directories $data_dir (mode 700) and $logs_dir"

if [ ! -f "$env_file" ] && [ -f "$env_dir/.env.example" ]; then
  (umask 077 && cp "$env_dir/.env.example" "$env_file")
  ok "copied ${env_name}.example to $env_name"
fi

if [ "$build" = 1 ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests package)
  ok "built target/quantapilot.jar"
fi

"$qp" secrets generate --env-file "$env_file" | sed 's/^/    /'
ok "$env_name holds the generated secrets (mode 600); add your provider keys (CURSOR_API_KEY, OPENAI_API_KEY, …)"

echo "Done. Check it with scripts/validate-config.sh and scripts/validate-security.sh, then start ./quantapilot server."
