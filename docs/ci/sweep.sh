#!/usr/bin/env bash
# Sweeps the list $LIST into $OUT — or part $SHARD (K/N) of it — for the recipes in docs/ci.md
# and docs/scale.md. A sweep that finds non-compliant sites is a finished sweep: only usage and
# input errors (exit 2 and above) fail the job, so the output is always published.
#
#   SOCAUDIT       the socaudit binary (default: socaudit from PATH)
#   LIST           the list of sites (default: sites.csv)
#   OUT            output folder (default: out)
#   SHARD          K/N to check one part of the list (default: the whole list)
#   SOCAUDIT_ARGS  more options, split on spaces (e.g. "--concurrency 16 --max-pages 200")
set -euo pipefail

SOCAUDIT="${SOCAUDIT:-socaudit}"
LIST="${LIST:-sites.csv}"
OUT="${OUT:-out}"
read -r -a extra <<< "${SOCAUDIT_ARGS:-}"

if [ -f "$OUT/sweep-plan.json" ] && [ ! -f "$OUT/summary.json" ]; then
  # A restarted job (spot instance, evicted pod) finishes the sweep its last attempt began.
  args=(sweep --resume "$OUT" --quiet)
else
  args=(sweep "$LIST" --out "$OUT" --quiet)
  if [ -n "${SHARD:-}" ]; then
    args+=(--shard "$SHARD")
  fi
fi

status=0
"$SOCAUDIT" "${args[@]}" ${extra[@]+"${extra[@]}"} || status=$?
if [ "$status" -gt 1 ]; then
  echo "socaudit sweep failed with exit code $status" >&2
  exit "$status"
fi
