# shellcheck shell=bash
# Helpers for benchmarks (sourced). tests/bench/run has exported POLKA_BIN, POLKA_ROOT,
# POLKA_BENCH_CLUSTER and the cluster's PG* variables.
#
#   bench_figure NAME VALUE UNIT     print "NAME = VALUE UNIT"
#   bench_p50 / bench_max / bench_min  read numbers (one a line) on stdin
#   bench_ratio A B                  A / B with two decimals
#   bench_demo_db [SCALE]            migrate the scratch cluster and load demo data (default 1)
# and the tmux helpers of tests/pty/tmux.sh (tmux_start, tmux_wait_text, now_ms, ...).

# shellcheck source-path=SCRIPTDIR source=../pty/tmux.sh
. "$POLKA_ROOT/tests/pty/tmux.sh"

bench_figure() { printf '%s = %s %s\n' "$1" "$2" "${3:-}" | sed 's/ *$//'; }

# Median: the middle value, or the mean of the two middle values.
bench_p50() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    if (NR % 2) printf "%g\n", v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
bench_max() { sort -n | tail -n 1; }
bench_min() { sort -n | head -n 1; }
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.2f\n", a / b }'; }

bench_demo_db() {
  "$POLKA_BIN" db migrate >/dev/null
  "$POLKA_BIN" db demo --scale "${1:-1}" >/dev/null
}
