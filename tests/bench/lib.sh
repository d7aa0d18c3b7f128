# shellcheck shell=bash
# Helpers for benchmarks (sourced). tests/bench/run has exported POLKA_BIN, POLKA_ROOT,
# POLKA_BENCH_CLUSTER and the cluster's PG* variables.
#
#   bench_figure NAME VALUE UNIT     print "NAME = VALUE UNIT"
#   bench_p50 / bench_max / bench_min  read numbers (one a line) on stdin
#   bench_ratio A B                  A / B with two decimals
#   bench_demo_db [SCALE]            migrate the scratch cluster and load demo data (default 1)
#   bench_order_floors ID DIR        the floors of writing order ID (DIR/raw.sql, pipelined.sql)
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
  POLKA_EDI_DIR="$POLKA_BENCH_CLUSTER/edi" "$POLKA_BIN" db demo --scale "${1:-1}" >/dev/null
}

# bench_order_floors ID DIR: pgbench scripts that write order ID's rows again raw, as
# order_save wrote them (prices, VAT, amounts and the header's totals), as the superuser, each
# run a new order with a new key: the floors the saves and the intake are measured against.
#   DIR/raw.sql: one statement, one round trip: a data-modifying WITH inserts the header, then
#     one multi-row VALUES insert the lines (the stricter floor: no look-up, the tables' own
#     work all still done: the quantity trigger per line, the audit triggers, checks, foreign
#     keys and every index).
#   DIR/pipelined.sql: the order-save issue's floor, "a raw pipelined insert of the same
#     lines": the header and then each line a statement of its own, all in one pipeline (one
#     round trip) and one transaction; a line finds its header by the sequence's currval, so
#     nothing waits for an answer.
bench_order_floors() {
  local ref=$1 dir=$2 seq
  local q=(psql -X -q -At -v ON_ERROR_STOP=1)
  {
    echo '-- the header, then its lines: one statement, one round trip'
    "${q[@]}" -c "
      SELECT format('WITH o AS (INSERT INTO polka.orders (request_key, client_id, point_id, agreement_id, ship_on, '
                    'source, lines, amount, vat_amount, weight_kg, warehouse_id) '
                    'VALUES (gen_random_uuid(), %s, %s, %s, %L, %L, %s, %s, %s, %s, %s) '
                    'RETURNING id)', client_id, point_id, agreement_id, ship_on, source, lines, amount, vat_amount,
                    weight_kg, warehouse_id)
        FROM polka.orders WHERE id = $ref"
    echo 'INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount,'
    echo '                               promotion_code, price_origin)'
    echo 'SELECT o.id, v.* FROM o, (VALUES'
    "${q[@]}" -c "
      SELECT string_agg(format('(%s, %s::bigint, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %L::text, %L::text)',
                               n, product_id, qty, price, vat_rate, amount, vat_amount, promotion_code, price_origin),
                        E',\n' ORDER BY n)
        FROM polka.order_lines WHERE order_id = $ref"
    echo ') AS v(n, product_id, qty, price, vat_rate, amount, vat_amount, promotion_code, price_origin);'
  } >"$dir/raw.sql"
  seq=$("${q[@]}" -c "SELECT pg_get_serial_sequence('polka.orders', 'id')")
  {
    printf '%s\n' '\startpipeline'
    echo 'BEGIN;'
    "${q[@]}" -c "
      SELECT format('INSERT INTO polka.orders (request_key, client_id, point_id, agreement_id, ship_on, source, lines, '
                    'amount, vat_amount, weight_kg, warehouse_id) '
                    'VALUES (gen_random_uuid(), %s, %s, %s, %L, %L, %s, %s, %s, %s, %s);',
                    client_id, point_id, agreement_id, ship_on, source, lines, amount, vat_amount, weight_kg, warehouse_id)
        FROM polka.orders WHERE id = $ref"
    "${q[@]}" -c "
      SELECT string_agg(format('INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, '
                               'vat_amount, promotion_code, price_origin) VALUES (currval(%L), %s, %s, %s, %s, %s, %s, %s, %L, %L);',
                               '$seq', n, product_id, qty, price, vat_rate, amount, vat_amount, promotion_code, price_origin),
                        E'\n' ORDER BY n)
        FROM polka.order_lines WHERE order_id = $ref"
    echo 'COMMIT;'
    printf '%s\n' '\endpipeline'
  } >"$dir/pipelined.sql"
}

# bench_million_rows ROWS FORMS_DIR: migrates the scratch cluster and makes the report of the
# export and viewer benchmarks: bench.export_rows (ROWS rows x 10 columns: 5 numbers, 5
# Cyrillic texts of 15-60 characters), polka.report_bench_export() (a plain SELECT ... ORDER BY
# n in a LANGUAGE sql STABLE function, which the planner inlines: the rows stream from the
# primary key's index), and FORMS_DIR/reports/bench_export.form.
bench_million_rows() {
  local rows=$1 forms=$2
  "$POLKA_BIN" db migrate >"$forms/../migrate.out" 2>&1 || { cat "$forms/../migrate.out" >&2; exit 1; }
  psql -X -q -At -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
SET client_min_messages = warning;
CREATE SCHEMA bench;
CREATE TABLE bench.export_rows (
    n integer PRIMARY KEY,
    product text NOT NULL,
    client text NOT NULL,
    qty numeric(14,3) NOT NULL,
    price numeric(14,2) NOT NULL,
    amount numeric(14,2) NOT NULL,
    manager text NOT NULL,
    category text NOT NULL,
    weight_kg numeric(14,3) NOT NULL,
    address text NOT NULL
);
INSERT INTO bench.export_rows
SELECT n,
       (ARRAY['Молоко ультрапастеризованное «Домик в деревне» 3,2% 1 л',
              'Сыр полутвёрдый «Российский» 50%, весовой',
              'Печенье сахарное «Юбилейное» традиционное 112 г',
              'Кофе растворимый сублимированный, стеклянная банка 190 г',
              'Масло сливочное «Крестьянское» 72,5%, 180 г',
              'Чай чёрный байховый цейлонский, 100 пакетиков'])[1 + n % 6] || ', арт. ' || (100000 + n % 9973),
       (ARRAY['ООО «Торговый дом «Северный ветер»»', 'ИП Кузнецова Мария Викторовна',
              'АО «Продуктовая сеть «Берёзка»»', 'ООО «Гастроном на Садовой»',
              'ЗАО «Оптовая база № 3»'])[1 + n % 5] || ' (' || (1 + n % 4999) || ')',
       (1 + n % 97) * 0.125,
       round((50 + (n::bigint * 7919) % 45000 / 100.0)::numeric, 2),
       round(((1 + n % 97) * 0.125 * (50 + (n::bigint * 7919) % 45000 / 100.0))::numeric, 2),
       (ARRAY['Иванов Сергей Петрович', 'Смирнова Ольга Николаевна', 'Фёдоров Игорь',
              'Алексеева Татьяна Юрьевна'])[1 + n % 4],
       (ARRAY['Молочная продукция / Молоко', 'Бакалея / Чай и кофе', 'Кондитерские изделия',
              'Сыры / Полутвёрдые сыры', 'Масложировая продукция'])[1 + n % 5],
       round(((1 + n % 97) * 0.137)::numeric, 3),
       'г. Москва, ул. ' || (ARRAY['Профсоюзная', 'Большая Черкизовская', 'Шарикоподшипниковская',
                                   'Ленинский проспект'])[1 + n % 4] || ', д. ' || (1 + n % 180)
                         || ', стр. ' || (1 + n % 3)
  FROM generate_series(1, :rows) AS n;
CREATE FUNCTION polka.report_bench_export()
RETURNS TABLE (n integer, product text, client text, qty numeric, price numeric, amount numeric,
               manager text, category text, weight_kg numeric, address text)
LANGUAGE sql STABLE AS $$
    SELECT n, product, client, qty, price, amount, manager, category, weight_kg, address
      FROM bench.export_rows ORDER BY n
$$;
VACUUM ANALYZE bench.export_rows;
CHECKPOINT;
SQL

  mkdir -p "$forms/reports"
  cat >"$forms/reports/bench_export.form" <<'FORM'
# tests/bench/export: 1,000,000 rows x 10 columns, 5 numbers and 5 Cyrillic texts.
form name=bench_export title="Выгрузка миллиона строк"
grid name=rows label="Строки" row=0 col=0 height=20
column grid=rows name=n title="№" width=8 type=int right
column grid=rows name=product title="Товар" width=40
column grid=rows name=client title="Клиент" width=36
column grid=rows name=qty title="Количество" width=10 type=qty total right
column grid=rows name=price title="Цена" width=12 type=money right
column grid=rows name=amount title="Сумма" width=14 type=money total right
column grid=rows name=manager title="Менеджер" width=24
column grid=rows name=category title="Категория" width=24
column grid=rows name=weight_kg title="Вес, кг" width=10 type=qty format="0.000" total right
column grid=rows name=address title="Адрес доставки" width=40
report function=report_bench_export grid=rows
FORM
}
