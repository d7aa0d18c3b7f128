-- A person's inbox (issue 17, functions/inbox.sql): a stage given to gleb lands in his inbox
-- (and only his: anna neither sees it nor can mark it); the unread count (0 for a login that
-- is not a person); the list newest first, the unread marked; one row marked read (again:
-- left as it was), then all; nobody writes the table directly. (The announcement on
-- polka_inbox, heard by the app: screen case inbox_live, pty case inbox.)
--
-- Own data only: client TIN-1, its claim (in this transaction).
\ir ../lib.sql

BEGIN;
SELECT id AS gleb FROM polka.people WHERE login = 'gleb' \gset
SELECT id AS anna FROM polka.people WHERE login = 'anna' \gset
INSERT INTO polka.partners (code, kind, name, legal_name)
VALUES ('TIN-1', 'client', 'Входящие: клиент', 'ООО «Входящие»');
SELECT id AS c1 FROM polka.partners WHERE code = 'TIN-1' \gset

SET SESSION AUTHORIZATION gleb;
SELECT polka.inbox_unread() AS before \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT polka.inbox_unread() AS anna_before \gset
SELECT polka.claim_quick(:c1, 'Входящие: творог кислый') AS k1 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox WHERE claim_id = :k1), 0::bigint,
                         'registered by anna, owned by anna: nobody told');
-- The head gives the registration to gleb: his inbox.
SET SESSION AUTHORIZATION egor;
SELECT polka.claim_reassign(:k1, :gleb);
RESET SESSION AUTHORIZATION;
SELECT id AS row1 FROM polka.inbox WHERE claim_id = :k1 \gset

SET SESSION AUTHORIZATION gleb;
SELECT pg_temp.expect_eq(polka.inbox_unread(), :before + 1, 'gleb: one more unread');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s', l.id = :row1, l.kind, l.unread, l._mark)
                            FROM polka.inbox_list() l LIMIT 1), 't assigned t *', 'first in his list, unread, marked');
SELECT pg_temp.expect_eq((SELECT l.number FROM polka.inbox_list() l WHERE l.id = :row1),
                         (SELECT number FROM polka.claims WHERE id = :k1), 'with the claim''s number');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox_list((SELECT number FROM polka.claims WHERE id = :k1))),
                         1::bigint, 'found by the claim''s number');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox_list('Регистрация')) >= 1, true, 'found by its words');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox_list('ничего такого нет')), 0::bigint, 'and not by others');
-- Nobody writes the inbox directly, not even his own row.
SELECT pg_temp.expect_error(format('UPDATE polka.inbox SET read_at = now() WHERE id = %s', :row1), '42501');
SELECT pg_temp.expect_error(format('DELETE FROM polka.inbox WHERE id = %s', :row1), '42501');
RESET SESSION AUTHORIZATION;

-- anna: not hers to see, count or mark (not found, as a row that does not exist).
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox WHERE id = :row1), 0::bigint, 'anna does not see gleb''s row');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox_list() l WHERE l.id = :row1), 0::bigint, 'nor in her list');
SELECT pg_temp.expect_eq(polka.inbox_unread(), :anna_before, 'her count unchanged');
SELECT pg_temp.expect_error(format('SELECT polka.inbox_read(%s)', :row1), 'P0002');
SELECT pg_temp.expect_error('SELECT polka.inbox_read(-1)', 'P0002');
SELECT polka.inbox_read_all();
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT read_at FROM polka.inbox WHERE id = :row1), NULL, 'anna''s "all read" left gleb''s row unread');

-- gleb marks it read: his count one less; again: as it was.
SET SESSION AUTHORIZATION gleb;
SELECT pg_temp.expect_eq(polka.inbox_read(:row1), :before, 'read: the count back to what it was');
RESET SESSION AUTHORIZATION;
SELECT read_at AS first_read FROM polka.inbox WHERE id = :row1 \gset
SET SESSION AUTHORIZATION gleb;
SELECT pg_temp.expect_eq(polka.inbox_read(:row1), :before, 'read twice: nothing more');
SELECT pg_temp.expect_eq((SELECT format('%s %s', l.unread, l._mark IS NULL) FROM polka.inbox_list() l WHERE l.id = :row1),
                         'f t', 'in the list: read, not marked');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT read_at FROM polka.inbox WHERE id = :row1), :'first_read'::timestamptz,
                         'read twice: the first time kept');

-- Given back and forth: two unread; all read at once.
SET SESSION AUTHORIZATION egor;
SELECT polka.claim_reassign(:k1, :anna);
SELECT polka.claim_reassign(:k1, :gleb);
SELECT polka.claim_reassign(:k1, :anna);
SELECT polka.claim_reassign(:k1, :gleb);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION gleb;
SELECT pg_temp.expect_eq(polka.inbox_unread(), :before + 2, 'given to him twice more: two unread');
SELECT pg_temp.expect_eq(polka.inbox_read_all(), :before + 2, 'all read: every unread of his');
SELECT pg_temp.expect_eq(polka.inbox_unread(), 0, 'none unread');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq(polka.inbox_unread(), :anna_before + 2, 'anna''s own two untouched');
RESET SESSION AUTHORIZATION;
-- A login that is not a person has no inbox.
SELECT pg_temp.expect_eq(polka.inbox_unread(), 0, 'the superuser: none');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox_list()), 0::bigint, 'the superuser: an empty list');
ROLLBACK;

