-- The permission matrix: tests/db/permissions.tsv lists, for every group role (sales_rep too) and the right
-- all_clients, every table of schema polka and the four privileges (y: granted, -: not).
-- The live database must match it exactly, both ways: a grant nobody wrote down fails as
-- much as a missing one. Row-level security narrows what a granted SELECT returns (see
-- row_security); writes go through functions, so no role holds INSERT, UPDATE or DELETE.
\ir ../lib.sql

CREATE TEMP TABLE expected (role text, tab text, sel text, ins text, upd text, del text);
-- \copy takes its file name literally (no variables): change into tests/db first.
\cd :datadir
\copy expected FROM 'permissions.tsv' WITH (FORMAT text, HEADER true)

CREATE TEMP VIEW actual AS
SELECT r AS role, c.relname AS tab,
       CASE WHEN has_table_privilege(r, c.oid, 'SELECT') THEN 'y' ELSE '-' END AS sel,
       CASE WHEN has_table_privilege(r, c.oid, 'INSERT') THEN 'y' ELSE '-' END AS ins,
       CASE WHEN has_table_privilege(r, c.oid, 'UPDATE') THEN 'y' ELSE '-' END AS upd,
       CASE WHEN has_table_privilege(r, c.oid, 'DELETE') THEN 'y' ELSE '-' END AS del
  FROM unnest(ARRAY['operator', 'waybill_clerk', 'manager', 'quality', 'planner', 'head', 'admin',
                    'sales_rep', 'all_clients']) AS r,
       pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'polka' AND c.relkind IN ('r', 'p', 'v');

SELECT pg_temp.expect_eq((SELECT count(*) FROM expected), (SELECT count(*) FROM actual),
                         'matrix size (roles x tables)');
SELECT pg_temp.expect_eq(
    (SELECT string_agg(format('%s.%s: expected %s%s%s%s', coalesce(e.role, a.role), coalesce(e.tab, a.tab),
                              e.sel, e.ins, e.upd, e.del) || format(' got %s%s%s%s', a.sel, a.ins, a.upd, a.del), '; ')
       FROM expected e FULL JOIN actual a ON a.role = e.role AND a.tab = e.tab
      WHERE (e.sel, e.ins, e.upd, e.del) IS DISTINCT FROM (a.sel, a.ins, a.upd, a.del)),
    NULL, 'privileges differing from tests/db/permissions.tsv');
