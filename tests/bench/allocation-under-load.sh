# shellcheck shell=bash
# allocation-under-load, sourced by order-load (BENCH_ALLOCATION=1) after its setup: the
# operators' load of order-load (20 pgbench clients as anna, BENCH_SECONDS each phase) twice
# in the same run: quiet, then with the planner's allocation of the orders' shipping day at the
# main warehouse (fair share, committed, as dina) started every BENCH_RUN_EVERY seconds
# (default 10) after the previous one ends. Figures: each phase's orders and p99, the runs and
# their p50, allocation-under-load.p99_ratio = busy p99 / quiet p99 (target 1.2), duplicates
# and lost over both phases (must be 0), and the stock invariants after (balances = ledger =
# reservations; reserved never above on hand).
day=$(psql_q -c "SELECT polka.shipping_day(polka.business_day(), 1)")
wh=$(psql_q -c "SELECT id FROM polka.warehouses ORDER BY main DESC, id LIMIT 1")
every=${BENCH_RUN_EVERY:-10}

operators quiet
quiet_p99=$(percentile 0.99 <<<"$lat")
quiet_orders=$orders
all_dup=$duplicates all_lost=$lost

rm -f "$work/runs.ms" "$work/runs.failed"
touch "$work/running"
(
  while sleep "$every" && [[ -f $work/running ]]; do
    t0=$(date +%s%N)
    if PGUSER=dina PGPASSWORD=dina-demo psql_q \
        -c "SELECT count(*) FROM polka.allocation_run($wh, '$day', true, true)" >/dev/null 2>"$work/run.err"; then
      echo $((($(date +%s%N) - t0) / 1000000)) >>"$work/runs.ms"
    else
      cat "$work/run.err" >>"$work/runs.failed"
    fi
  done
) &
runner=$!
operators busy
rm -f "$work/running"
wait "$runner"
busy_p99=$(percentile 0.99 <<<"$lat")
all_dup=$((all_dup + duplicates)) all_lost=$((all_lost + lost))
[[ ! -s $work/runs.failed ]] || { echo "allocation-under-load: a run failed:" >&2; cat "$work/runs.failed" >&2; exit 1; }
[[ -s $work/runs.ms ]] || { echo "allocation-under-load: no allocation run ended during the load" >&2; exit 1; }

bad=$(psql_q -c "SELECT count(*) FROM polka.stock_batches b
                  CROSS JOIN LATERAL (
                      SELECT coalesce(sum(polka.move_on_hand(m.kind, m.qty)), 0) AS on_hand,
                             coalesce(sum(polka.move_reserved(m.kind, m.qty)), 0) AS reserved
                        FROM polka.stock_moves m WHERE m.batch_id = b.id) l
                  WHERE b.on_hand <> l.on_hand OR b.reserved <> l.reserved OR b.reserved > b.on_hand
                     OR b.reserved <> (SELECT coalesce(sum(r.qty), 0) FROM polka.reservations r WHERE r.batch_id = b.id)")
read -r day_orders day_lines < <(psql_q -F ' ' -c "SELECT count(DISTINCT o.id), count(*) FROM polka.orders o
                                                     JOIN polka.order_lines l ON l.order_id = o.id
                                                    WHERE o.ship_on = '$day' AND o.warehouse_id = $wh")
bench_figure allocation-under-load.clients 20
bench_figure allocation-under-load.seconds_per_phase "$seconds" s
bench_figure allocation-under-load.quiet_orders "$quiet_orders"
bench_figure allocation-under-load.busy_orders "$orders"
bench_figure allocation-under-load.day_orders "$day_orders"
bench_figure allocation-under-load.day_lines "$day_lines"
bench_figure allocation-under-load.runs "$(wc -l <"$work/runs.ms")"
bench_figure allocation-under-load.run_p50 "$(bench_p50 <"$work/runs.ms")" ms
bench_figure allocation-under-load.quiet_p99 "$quiet_p99" ms
bench_figure allocation-under-load.busy_p99 "$busy_p99" ms
bench_figure allocation-under-load.duplicates "$all_dup"
bench_figure allocation-under-load.lost "$all_lost"
bench_figure allocation-under-load.invariant_violations "$bad"
bench_figure allocation-under-load.p99_ratio "$(bench_ratio "$busy_p99" "$quiet_p99")"
[[ $bad == 0 ]] || { echo "allocation-under-load: stock invariants broken" >&2; exit 1; }
