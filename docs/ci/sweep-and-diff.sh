#!/usr/bin/env bash
# One job does it all (GitLab CI recipe): sweep, then compare with the previous run.
# Same variables as sweep.sh and diff.sh.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/sweep.sh"
bash "$here/diff.sh"
