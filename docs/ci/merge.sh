#!/usr/bin/env bash
# Joins the parts of a sharded sweep — every folder under $PARTS, one per `sweep.sh` with
# SHARD=K/N — into $OUT. Like sweep.sh, non-compliant sites do not fail the job.
#
#   SOCAUDIT  the socaudit binary (default: socaudit from PATH)
#   PARTS     folder holding one output folder per part (default: parts)
#   OUT       output folder of the whole sweep (default: out)
set -euo pipefail

SOCAUDIT="${SOCAUDIT:-socaudit}"
PARTS="${PARTS:-parts}"
OUT="${OUT:-out}"

shopt -s nullglob
dirs=("$PARTS"/*/)
if [ "${#dirs[@]}" -eq 0 ]; then
  echo "no part folders under $PARTS" >&2
  exit 2
fi

status=0
"$SOCAUDIT" merge "${dirs[@]}" --out "$OUT" || status=$?
if [ "$status" -gt 1 ]; then
  echo "socaudit merge failed with exit code $status" >&2
  exit "$status"
fi
