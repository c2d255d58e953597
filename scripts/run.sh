#!/usr/bin/env bash
# Installs what is missing, builds, and runs AuthorWorks on http://127.0.0.1:8080 with embedded
# defaults: SQLite and files under ./data, in-process events, the offline writer.
# Set HOST=0.0.0.0 to reach it from other machines; see .env.example for every setting.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
if [ -f web/package.json ]; then scripts/build-web.sh; fi
export HOST="${HOST:-127.0.0.1}"
echo "AuthorWorks: starting on http://${HOST/0.0.0.0/127.0.0.1}:${SERVICE_PORT:-8080} with embedded defaults (SQLite and files under ${DATA_DIR:-./data}); Ctrl-C stops it."
exec build/authorworks serve
