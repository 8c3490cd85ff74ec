#!/usr/bin/env bash
# Compares this run's output $OUT with the previous run's $PREV and fails (exit 1) when a site
# lost a requirement it used to meet. The Markdown report goes to stdout, to $OUT/diff.md and,
# on GitHub Actions, to the job summary. Without a previous run there is nothing to compare.
#
#   SOCAUDIT  the socaudit binary (default: socaudit from PATH)
#   OUT       this run's output folder (default: out)
#   PREV      the previous run's output folder (default: prev)
set -euo pipefail

SOCAUDIT="${SOCAUDIT:-socaudit}"
OUT="${OUT:-out}"
PREV="${PREV:-prev}"

if [ ! -f "$PREV/summary.json" ]; then
  message="No previous socaudit run in $PREV: nothing to compare yet."
  echo "$message"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then echo "$message" >> "$GITHUB_STEP_SUMMARY"; fi
  exit 0
fi

status=0
"$SOCAUDIT" diff "$PREV" "$OUT" --format md --fail-on regression > "$OUT/diff.md" || status=$?
cat "$OUT/diff.md"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$OUT/diff.md" >> "$GITHUB_STEP_SUMMARY"; fi
exit "$status"
