#!/usr/bin/env bash
# Measures flashback copy on the bundled corpus plus N subscribers (default
# 100,000), each with a sent digest in the ledger: SQLite into PostgreSQL and
# back, beside the server's own pg_dump of the same database and its load by psql
# in the same run, on a throwaway PostgreSQL (scripts/postgres).
# Usage: bench/copy.sh [subscribers] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -Vr | head -n1)
exec scripts/postgres go run ./bench/copy -subscribers "${1:-100000}" -runs "${2:-3}" -pgbin "$PGBIN"
