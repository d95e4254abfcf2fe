#!/usr/bin/env bash
# Runs the fault tests that count their trials (internal/trials) and
# rewrites the table between the trials markers in RELIABILITY.md with
# what they logged: the fault, the test, the trials and the result. The
# counts come from the tests, never from this script or a person.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export AIPM_TRIALS="$log"
# -count=1: every trial runs again; the tests fail the run if a trial fails.
status=0
go test -count=1 -run 'Race|Fault|TestOpen|TestCreate|TestUndo|TestWriteAtomic|TestBackup|TestFailedImport|TestReviewLineCap|TestJSONEscapes|TestReportHints|TestIOError' ./data ./cmd/aipm >/dev/null || status=$?

field() { sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[0-9]*\).*/\1/p" <<<"$2" | tr -d '"'; }
table=$(mktemp)
{
	echo "| fault | test | trials | result |"
	echo "|---|---|---|---|"
	sort -t'"' -k4 "$log" | while IFS= read -r line; do
		fault=$(field fault "$line")
		test=$(field test "$line")
		n=$(field trials "$line")
		failed=$(field failed "$line")
		result="all $n passed"
		[ "$failed" = 0 ] || result="$failed of $n FAILED"
		echo "| $fault | \`$test\` | $n | $result |"
	done
} >"$table"
awk -v table="$table" '
	/<!-- trials:begin -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
	/<!-- trials:end -->/ { skip = 0 }
	!skip { print }
' RELIABILITY.md >RELIABILITY.md.new
mv RELIABILITY.md.new RELIABILITY.md
rm -f "$table"
echo "RELIABILITY.md: $(($(wc -l <"$log"))) tests logged their trials (go test exit $status)"
exit $status
