#!/usr/bin/env bash
# Times whole aipm commands against the floor of their stack, side by side
# and alternating, and prints each ratio next to its target (issue 8).
#
#   scripts/bench.sh            # full sizes: 100k-card import, 1k and 100k
#                               # collections, 100k cards with 1M reviews
#   scripts/bench.sh --smoke    # small sizes, a few runs: CI's check that
#                               # the script still works (targets not judged)
#   scripts/bench.sh --stats    # full sizes, the stats figure only (builds
#                               # only the 100k-card / 1M-answer fixture)
#
# BENCH_WORK=DIR keeps the binaries and fixtures in DIR and reuses the
# fixtures on the next run; RUNS=N overrides the number of runs.
# Needs GNU time at /usr/bin/time (apt-get install time) for peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false only_stats=false
case "${1:-}" in
--smoke) smoke=true ;;
--stats) only_stats=true ;;
"") ;;
*) echo "usage: scripts/bench.sh [--smoke | --stats]" >&2; exit 2 ;;
esac

if $smoke; then
	import_cards=2000 small_cards=200 small_reviews=2000 big_cards=2000 big_reviews=20000
	runs=${RUNS:-3}
else
	import_cards=100000 small_cards=1000 small_reviews=10000 big_cards=100000 big_reviews=1000000
	runs=${RUNS:-11}
fi

gnutime=true
if [ ! -x /usr/bin/time ]; then
	if ! $smoke; then
		echo "bench: /usr/bin/time is missing; install GNU time (apt-get install time)" >&2
		exit 1
	fi
	echo "bench: no /usr/bin/time; the smoke run skips peak RSS"
	gnutime=false
fi

if [ -n "${BENCH_WORK:-}" ]; then
	work=$BENCH_WORK
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
work=$(cd "$work" && pwd)
if $smoke; then
	work=$work/smoke
	mkdir -p "$work"
fi

export TZ=UTC NO_COLOR=1 AIPM_NOW=2026-12-01T09:00:00Z AIPM_CONFIG=$work/none.yaml GOFLAGS=${GOFLAGS:--buildvcs=false}
today=2026-12-01

echo "== machine"
echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(go version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build"
bin=$work/bin
mkdir -p "$bin"
go build -o "$bin/aipm" ./cmd/aipm
go build -o "$bin/aipm-fixture" ./cmd/aipm-fixture
go build -o "$bin/floor-import" ./scripts/floor/import
go build -o "$bin/floor-firstcard" ./scripts/floor/firstcard
go build -o "$bin/floor-aggregates" ./scripts/floor/aggregates

echo "== fixtures"
# Fixture names carry a hash of the schema and the generator, so that a kept
# BENCH_WORK never serves a collection built with an older schema.
tag=$(cat data/migrations/*.sql data/fixture.go | sha256sum | cut -c1-8)
fixture() { # fixture NAME ARGS...: build once per BENCH_WORK
	local name=$1
	shift
	if [ ! -e "$work/$name.done" ]; then
		rm -f "$work/$name"*
		"$bin/aipm-fixture" "$@"
		touch "$work/$name.done"
	fi
}
if ! $only_stats; then
	fixture "deck-$import_cards" -cards "$import_cards" -md "$work/deck-$import_cards.md"
	fixture "small-$small_cards-$small_reviews-$tag" -cards "$small_cards" -reviews "$small_reviews" -db "$work/small-$small_cards-$small_reviews-$tag.db"
fi
fixture "big-$big_cards-$big_reviews-$tag" -cards "$big_cards" -reviews "$big_reviews" -db "$work/big-$big_cards-$big_reviews-$tag.db"
deckmd=$work/deck-$import_cards.md
small=$work/small-$small_cards-$small_reviews-$tag.db
big=$work/big-$big_cards-$big_reviews-$tag.db
plain=$work/plain-$big_cards-$big_reviews-$tag.db
if [ ! -e "$plain.done" ]; then
	rm -f "$plain"*
	"$bin/floor-aggregates" -build -from "$big" -db "$plain"
	touch "$plain.done"
fi
# The timed runs answer cards (first_answer) and so use up the due cards
# of a collection: every run of this script starts from fresh copies of
# the built fixtures, so that runs that share a BENCH_WORK time the same
# collections.
copy() { # copy FIXTURE: a fresh working copy of it, its path on stdout
	local to=$work/run-$(basename "$1")
	rm -f "$to" "$to-wal" "$to-shm"
	cp "$1" "$to"
	echo "$to"
}
$only_stats || small=$(copy "$small")
big=$(copy "$big")
echo "deck: $import_cards cards; small: $small_cards cards, $small_reviews answers; big: $big_cards cards, $big_reviews answers"

# Timings are in microseconds, one line a run, in $work/t/NAME; peak RSS in
# KiB in $work/t/NAME.rss.
rm -rf "$work/t"
mkdir -p "$work/t"

# whole NAME CMD...: time the whole process, and its peak RSS.
whole() {
	local name=$1
	shift
	if $gnutime; then
		set -- /usr/bin/time -f %M -o "$work/t/rss" "$@"
	else
		echo 0 >"$work/t/rss"
	fi
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>"$work/t/err" <"${stdin:-/dev/null}" || {
		echo "bench: $name failed:" >&2
		cat "$work/t/err" >&2
		exit 1
	}
	local t1=$EPOCHREALTIME
	echo $((${t1/./} - ${t0/./})) >>"$work/t/$name"
	tail -1 "$work/t/rss" >>"$work/t/$name.rss"
}

# until_line NAME PATTERN CMD...: time from start until the command prints a
# line matching PATTERN on stderr (then let it finish, untimed).
until_line() {
	local name=$1 pat=$2
	shift 2
	local t0=$EPOCHREALTIME t1
	t1=$("$@" 2>&1 >/dev/null </dev/null | {
		while IFS= read -r line; do
			# shellcheck disable=SC2053 # the pattern is a glob on purpose
			if [[ $line == $pat ]]; then
				echo "$EPOCHREALTIME"
				cat >/dev/null
				exit 0
			fi
		done
		exit 1
	}) || {
		echo "bench: $name never printed a line matching '$pat'" >&2
		exit 1
	}
	echo $((${t1/./} - ${t0/./})) >>"$work/t/$name"
}

# first_answer NAME DB: review on DB through a pipe; time from the answer
# to the first card (sent once review prints its `grade` prompt) until the
# next `grade` prompt, that is the answer recorded and the next card shown.
first_answer() {
	local name=$1 db=$2 line t0 t1=
	coproc REVIEW { exec "$bin/aipm" --db "$db" review 2>&1 >/dev/null; }
	# bash unsets these once the coprocess ends: keep them.
	local pid=$REVIEW_PID out=${REVIEW[0]} in=${REVIEW[1]}
	while IFS= read -r line <&"$out"; do
		[[ $line == grade* ]] && break
	done
	t0=$EPOCHREALTIME
	echo 4 >&"$in"
	while IFS= read -r line <&"$out"; do
		if [[ $line == grade* ]]; then
			t1=$EPOCHREALTIME
			break
		fi
	done
	echo q >&"$in"
	cat <&"$out" >/dev/null || true
	wait "$pid" || true
	if [ -z "$t1" ]; then
		echo "bench: $name: review never showed a second card" >&2
		exit 1
	fi
	echo $((${t1/./} - ${t0/./})) >>"$work/t/$name"
}

median() { # median of the numbers in a file
	sort -n "$1" | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

if ! $only_stats; then
echo "== import: aipm import vs parse + one prepared insert ($runs runs each, alternating)"
imp=$work/imp
for i in $(seq "$runs"); do
	rm -rf "$imp" && mkdir -p "$imp"
	whole import "$bin/aipm" --db "$imp/aipm.db" import "$deckmd"
	rm -rf "$imp" && mkdir -p "$imp"
	whole import-floor "$bin/floor-import" -db "$imp/floor.db" "$deckmd"
done
rm -rf "$imp"
fi

# One review on each collection first: the first command on a fixture
# runs the full integrity check (the file has never been checked) and
# records it; every later one has no reason to (data/seal.go).
printf 'q\n' >"$work/t/quit"
warm=("$big")
$only_stats || warm=("$small" "$big")
for db in "${warm[@]}"; do
	stdin=$work/t/quit whole warmup "$bin/aipm" --db "$db" review
done

if ! $only_stats; then
echo "== first card: aipm review until the first Q vs cobra+viper+tablewriter counting due cards ($runs runs each, alternating)"
for i in $(seq "$runs"); do
	until_line first-small 'Q' "$bin/aipm" --db "$small" review
	until_line first-small-floor '*DUE*' "$bin/floor-firstcard" --db "$small" due
	until_line first-big 'Q' "$bin/aipm" --db "$big" review
	until_line first-big-floor '*DUE*' "$bin/floor-firstcard" --db "$big" due
done

echo "== review quit at once, whole process: $big_cards cards / $big_reviews answers vs $small_cards / $small_reviews ($runs runs each, alternating)"
for i in $(seq "$runs"); do
	stdin=$work/t/quit whole quit-small "$bin/aipm" --db "$small" review
	stdin=$work/t/quit whole quit-big "$bin/aipm" --db "$big" review
done

echo "== first answer: from the answer to the next card shown ($runs runs each, alternating)"
for i in $(seq "$runs"); do
	first_answer answer-small "$small"
	first_answer answer-big "$big"
done
fi

echo "== stats: aipm stats vs three bare aggregates ($runs runs each, alternating)"
for i in $(seq "$runs"); do
	whole stats "$bin/aipm" --db "$big" stats
	whole stats-floor "$bin/floor-aggregates" -db "$plain" -day "$today"
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== results (medians of $runs runs; ratio = aipm / floor)"
met=0 total=0
# judge LABEL VALUE TARGET UNIT
judge() {
	local verdict
	total=$((total + 1))
	if awk -v v="$2" -v t="$3" 'BEGIN { exit !(v <= t) }'; then
		verdict=met
		met=$((met + 1))
	else
		verdict=MISSED
	fi
	if $smoke; then
		verdict="(smoke sizes: not judged)"
	fi
	printf '%-34s %8s%s  target <= %s%s  %s\n' "$1" "$2" "$4" "$3" "$4" "$verdict"
}
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

if ! $only_stats; then
mi=$(median "$work/t/import") mf=$(median "$work/t/import-floor")
printf '%-34s aipm %s ms, floor %s ms\n' "import $import_cards cards" "$(ms "$mi")" "$(ms "$mf")"
judge "  import ratio" "$(ratio "$mi" "$mf")" 1.5 ×
mib() { awk -v k="$(sort -n "$1" | tail -1)" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf '%-34s aipm %s MiB, floor %s MiB (max of runs)\n' "import peak RSS" "$(mib "$work/t/import.rss")" "$(mib "$work/t/import-floor.rss")"
judge "  import peak RSS" "$(mib "$work/t/import.rss")" 64 " MiB"

s=$(median "$work/t/first-small") sf=$(median "$work/t/first-small-floor")
b=$(median "$work/t/first-big") bf=$(median "$work/t/first-big-floor")
printf '%-34s aipm %s ms, floor %s ms\n' "first card, $small_cards cards" "$(ms "$s")" "$(ms "$sf")"
judge "  first card ratio ($small_cards)" "$(ratio "$s" "$sf")" 1.5 ×
printf '%-34s aipm %s ms, floor %s ms\n' "first card, $big_cards cards" "$(ms "$b")" "$(ms "$bf")"
judge "  first card ratio ($big_cards)" "$(ratio "$b" "$bf")" 1.5 ×
judge "  $big_cards vs $small_cards cards" "$(ratio "$b" "$s")" 1.3 ×

qs=$(median "$work/t/quit-small") qb=$(median "$work/t/quit-big")
printf '%-34s %s: %s ms, %s: %s ms\n' "review quit at once" "$big_cards" "$(ms "$qb")" "$small_cards" "$(ms "$qs")"
judge "  $big_cards vs $small_cards cards" "$(ratio "$qb" "$qs")" 1.3 ×
as=$(median "$work/t/answer-small") ab=$(median "$work/t/answer-big")
printf '%-34s %s: %s ms, %s: %s ms\n' "first answer to next card" "$big_cards" "$(ms "$ab")" "$small_cards" "$(ms "$as")"
judge "  on $big_reviews answers" "$(ms "$ab")" 30 " ms"
fi

st=$(median "$work/t/stats") stf=$(median "$work/t/stats-floor")
printf '%-34s aipm %s ms, floor %s ms\n' "stats, $big_cards cards, $big_reviews answers" "$(ms "$st")" "$(ms "$stf")"
judge "  stats ratio" "$(ratio "$st" "$stf")" 1.5 ×

if $smoke; then
	echo "bench smoke: ok"
else
	echo "targets met: $met of $total"
fi
