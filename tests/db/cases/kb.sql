-- The knowledge base (issue 17, functions/kb.sql): Russian full text (word forms, ё and е
-- alike both ways, the last word a prefix while typed), the kind and cause first, whatever is
-- typed never an error; the card's rights (everyone reads; quality, the head, admins write; a
-- stale card refused); an article from a closed claim (an open one and a second time refused
-- in words); the articles proposed for a claim, in order.
--
-- Own data only: articles whose words no demo article has (зефирница, пастила, ёрш...), client
-- TKB-1, its claims (all in this transaction).
\ir ../lib.sql

BEGIN;
SELECT id AS c_foreign FROM polka.claim_causes WHERE code = 'foreign_matter' \gset
SELECT id AS c_product FROM polka.claim_causes WHERE code = 'product' \gset
SELECT id AS c_late FROM polka.claim_causes WHERE code = 'late' \gset
INSERT INTO polka.kb_articles (title, body, kind, cause_id) VALUES
    ('Ёрш в зефирнице: проверка партии', E'Зефирницы проверяются по партиям.\nОбразцы отбирают в лабораторию.', 'quality', :c_foreign),
    ('Зефирница и пастила: общий порядок', 'Ерши и щётки для зефирниц моются ежедневно.', 'quality', :c_product),
    ('Пастила без кондиции', 'Клиент жалуется: пастила мятая, зефирница грязная.', NULL, NULL),
    ('Пастила опоздала', 'Машина с пастилой опоздала на приёмку.', 'delivery', :c_late);
SELECT id AS a_ersh FROM polka.kb_articles WHERE title = 'Ёрш в зефирнице: проверка партии' \gset
SELECT id AS a_common FROM polka.kb_articles WHERE title = 'Зефирница и пастила: общий порядок' \gset
SELECT id AS a_any FROM polka.kb_articles WHERE title = 'Пастила без кондиции' \gset
SELECT id AS a_late FROM polka.kb_articles WHERE title = 'Пастила опоздала' \gset

-- The ids found for a query, best first.
CREATE FUNCTION pg_temp.found(q text, k text DEFAULT NULL, c bigint DEFAULT NULL) RETURNS bigint[]
LANGUAGE sql AS $$ SELECT coalesce(array_agg(s.id), '{}') FROM polka.kb_search(q, k, c, 1000) s $$;

SET SESSION AUTHORIZATION anna;
-- Word forms: the russian stemmer.
SELECT pg_temp.expect_true(:a_ersh = ANY (pg_temp.found('зефирница')), 'зефирница finds зефирнице');
SELECT pg_temp.expect_true(:a_ersh = ANY (pg_temp.found('зефирницами партией')), 'plural and instrumental forms');
SELECT pg_temp.expect_eq(pg_temp.found('зефирница') @> ARRAY[:a_ersh, :a_common, :a_any]::bigint[], true, 'all three');
-- ё and е alike, both ways: the title's Ёрш found by ерш, the body's Ерши by ёрш.
SELECT pg_temp.expect_true(:a_ersh = ANY (pg_temp.found('ерш')), 'ерш finds Ёрш');
SELECT pg_temp.expect_true(:a_common = ANY (pg_temp.found('ёрш')), 'ёрш finds Ерши');
SELECT pg_temp.expect_true(pg_temp.found('щетки') = pg_temp.found('щётки'), 'щетки and щётки alike');
-- The snippet keeps the body's own ё and shows where the words are.
SELECT pg_temp.expect_true((SELECT s.snippet FROM polka.kb_search('щетки', NULL, NULL, 10) s WHERE s.id = :a_common) LIKE '%щётки%',
                           'snippet with the body''s ё');
-- The title weighs more than the body.
SELECT pg_temp.expect_true(array_position(pg_temp.found('ёрш'), :a_ersh) < array_position(pg_temp.found('ёрш'), :a_common),
                           'a title match ranks above a body match');
-- The last word while typed: a prefix (зефирн..., паст...); a finished word is not.
SELECT pg_temp.expect_true(:a_ersh = ANY (pg_temp.found('проверка зефирн')), 'зефирн: prefix of the last word');
SELECT pg_temp.expect_true(:a_late = ANY (pg_temp.found('паст')), 'паст: prefix');
SELECT pg_temp.expect_eq(pg_temp.found('зефирн '), '{}'::bigint[], 'зефирн and a space: a whole word, none');
SELECT pg_temp.expect_eq(pg_temp.found('-пастила зефирн') && ARRAY[:a_common, :a_any]::bigint[], false, '-word excludes');
-- The kind and cause first: pastila's four, with kind delivery the late one first; with cause
-- foreign matter the ёрш first, its group's article next.
SELECT pg_temp.expect_eq((pg_temp.found('пастила', 'delivery'))[1], :a_late::bigint, 'the kind first');
SELECT pg_temp.expect_eq((SELECT array_agg(x ORDER BY o) FROM unnest(pg_temp.found('зефирница', NULL, :c_foreign)) WITH ORDINALITY u(x, o)
                           WHERE x IN (:a_ersh, :a_common, :a_any)),
                         ARRAY[:a_ersh, :a_common, :a_any]::bigint[], 'the cause, its group, then the rest');
-- Without words: the articles of the kind and cause (and those for every kind), newest first.
SELECT pg_temp.expect_true(pg_temp.found('', 'delivery') @> ARRAY[:a_late, :a_any]::bigint[]
                           AND NOT pg_temp.found('', 'delivery') && ARRAY[:a_ersh, :a_common]::bigint[], 'no words: by kind');
SELECT pg_temp.expect_true(pg_temp.found(NULL, NULL, :c_product) @> ARRAY[:a_ersh, :a_common, :a_any]::bigint[]
                           AND NOT :a_late = ANY (pg_temp.found(NULL, NULL, :c_product)), 'no words: a group and its causes');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.kb_search(NULL, NULL, NULL, 5)), 5::bigint, 'no words, no filter: the limit');
-- Whatever is typed is no error: quotes, operators, tsquery syntax, control characters, a
-- 10,000-character query, SQL.
SELECT pg_temp.expect_ok(format('SELECT count(*) FROM polka.kb_search(%L, NULL, NULL, 50)', q))
  FROM unnest(ARRAY['''', '&|!:*()', '<->', 'пастила <-> зефирница', 'паст:*', 'a:* & !', '"', '"пастила', 'пастила"',
                    '\', '\\''', '-', '--', '- -пастила', 'or', 'пастила or', 'or or or', '!!!', '(((', ')', ':',
                    E'пастила\tзефирница\n', '%_', '''; DROP TABLE polka.kb_articles; --', 'ёЁ', 'Ё', 'в на и',
                    repeat('пастила ', 1250), repeat('я', 10000), repeat('&|', 5000), repeat('"', 10000)]) q;
SELECT pg_temp.expect_true(:a_late = ANY (pg_temp.found('"пастила опоздала"')), 'a phrase in quotes');
SELECT pg_temp.expect_true(:a_late = ANY (pg_temp.found('(пастила) & опоздала!')), 'operators read as spaces');
SELECT pg_temp.expect_eq(pg_temp.found('&|!:*()'), pg_temp.found(''), 'only punctuation: as nothing typed');
SELECT pg_temp.expect_true(pg_temp.found(repeat('пастила ', 1250)) @> ARRAY[:a_common, :a_any, :a_late]::bigint[], 'a 10,000-character query still finds');

-- The cause look-up of the card: "group / cause", found by either's words.
SELECT pg_temp.expect_eq((SELECT array_agg(l.label) FROM polka.lookup('claim_cause', 'посторонн', 10) l),
                         '{"Продукция / Посторонние включения"}', 'cause look-up by the cause');
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.lookup('claim_cause', 'доставка', 10) l) >= 4, 'by the group');

-- The card: everyone reads; quality, the head, admins write; a stale card refused.
SELECT polka.kb_get(:a_ersh) AS doc \gset
SELECT pg_temp.expect_eq((:'doc'::jsonb) ->> 'cause_id.label', 'Продукция / Посторонние включения', 'the cause as group / cause');
SELECT pg_temp.expect_eq(jsonb_array_length((:'doc'::jsonb) -> 'files'), 0, 'no files yet');
SELECT pg_temp.expect_error(format('SELECT polka.kb_save(%L::jsonb)', :'doc'), '42501');
SELECT pg_temp.expect_error('SELECT polka.kb_get(-1)', 'P0002');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.kb_save(%L::jsonb)', :'doc'), '42501');
RESET SESSION AUTHORIZATION;
INSERT INTO polka.attachments (article_id, name, mime, size, sha256, body)
VALUES (:a_ersh, 'фото ерша.jpg', 'image/jpeg', 3, sha256('\x010203'::bytea), '\x010203');
SET SESSION AUTHORIZATION gleb;
SELECT pg_temp.expect_eq(polka.kb_save(jsonb_set(:'doc'::jsonb, '{title}', '"Ёрш в зефирнице: проверка"')), :a_ersh::bigint, 'quality saves');
SELECT pg_temp.expect_eq(polka.kb_get(:a_ersh) ->> 'version', '2', 'version up');
SELECT pg_temp.expect_eq(polka.kb_get(:a_ersh) -> 'files' -> 0 ->> 'name', 'фото ерша.jpg', 'its files listed');
SELECT pg_temp.expect_error(format('SELECT polka.kb_save(%L::jsonb)', :'doc'), 'PLK01');
SELECT pg_temp.expect_error('SELECT polka.kb_save(''{"title": "Пусто", "body": " "}''::jsonb)', '23514', 'kb_articles_body_valid');
SELECT polka.kb_save('{"title": "Новая статья о пастиле", "body": "Текст", "kind": "price"}'::jsonb) AS a_new \gset
SELECT pg_temp.expect_eq((SELECT written_by FROM polka.kb_articles WHERE id = :a_new), 'gleb', 'written by who saved it');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_ok(format('SELECT polka.kb_save(polka.kb_get(%s))', :a_new));
RESET SESSION AUTHORIZATION;

-- An article from a closed claim: one, in words; an open claim and a second time refused.
INSERT INTO polka.partners (code, kind, name, legal_name) VALUES ('TKB-1', 'client', 'База знаний: клиент', 'ООО «Пастила»');
SELECT id AS c1 FROM polka.partners WHERE code = 'TKB-1' \gset
INSERT INTO polka.claims (partner_id, words, kind, cause_id, status, closed_at, resolution, decided_at, decided_by, decision)
VALUES (:c1, 'В зефирнице нашли ёршик от посуды', 'quality', :c_foreign, 'closed', now(), 'partial', now(), 'egor',
        'Замена партии зефирниц'),
       (:c1, 'Пастила опоздала', 'delivery', :c_late, 'open', NULL, NULL, NULL, NULL, NULL);
SELECT id AS k_closed, number AS k_closed_no FROM polka.claims WHERE partner_id = :c1 AND status = 'closed' \gset
SELECT id AS k_open FROM polka.claims WHERE partner_id = :c1 AND status = 'open' \gset
INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, started_at, due_at, done_at, done_by, outcome)
SELECT :k_closed, 1, 'Расследование', id, now() - interval '1 day', now(), now(), 'gleb', 'Ёршик из моечного цеха'
  FROM polka.people WHERE login = 'gleb';
INSERT INTO polka.corrective_actions (claim_id, n, action, department, due_on)
VALUES (:k_closed, 1, 'Убрать ёршики из цеха фасовки', 'production', '2049-01-01');
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.kb_from_claim(%s)', :k_closed), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION gleb;
SELECT pg_temp.expect_error(format('SELECT polka.kb_from_claim(%s)', :k_open), '23514');
SELECT polka.kb_from_claim(:k_closed) AS a_claim \gset
SELECT pg_temp.expect_error(format('SELECT polka.kb_from_claim(%s)', :k_closed), '23505');
SELECT pg_temp.expect_error('SELECT polka.kb_from_claim(-1)', 'P0002');
SELECT polka.kb_get(:a_claim) AS cdoc \gset
SELECT pg_temp.expect_eq((:'cdoc'::jsonb) ->> 'claim', :'k_closed_no', 'the claim it was made from');
SELECT pg_temp.expect_true((:'cdoc'::jsonb) ->> 'title' LIKE :'k_closed_no' || ': Качество, Посторонние включения: %', 'title: number, kind, cause');
SELECT pg_temp.expect_true(position(x IN (:'cdoc'::jsonb) ->> 'body') > 0, 'the body has: ' || x)
  FROM unnest(ARRAY['В зефирнице нашли ёршик от посуды', 'Расследование', 'Ёршик из моечного цеха',
                    'удовлетворена частично', 'Замена партии зефирниц', 'Убрать ёршики из цеха фасовки']) x;
SELECT pg_temp.expect_eq((SELECT kind || '/' || cause_id FROM polka.kb_articles WHERE id = :a_claim), 'quality/' || :c_foreign,
                         'kind and cause of the claim');
RESET SESSION AUTHORIZATION;
-- The refusals in words: the second names the article.
DO $$
BEGIN
    PERFORM polka.kb_claim_article((SELECT id FROM polka.claims WHERE words = 'В зефирнице нашли ёршик от посуды'));
    RAISE EXCEPTION 'FAILED: a second article';
EXCEPTION WHEN unique_violation THEN
    IF SQLERRM NOT LIKE '%has its article already: %(article %)' THEN
        RAISE EXCEPTION 'FAILED: the refusal names the article: %', SQLERRM;
    END IF;
END
$$;

-- Proposed for the open claim (delivery, late): the delivery articles of its cause first,
-- then its group's, then what its words match (the pastila articles of other kinds).
UPDATE polka.claims SET cause_id = :c_late WHERE id = :k_open;
SET SESSION AUTHORIZATION anna;
CREATE TEMP VIEW proposed AS SELECT array_agg(p.id) AS ids FROM polka.kb_propose((SELECT id FROM polka.claims WHERE words = 'Пастила опоздала' AND status = 'open'), 100) p;
SELECT pg_temp.expect_eq((SELECT ids[1] FROM proposed), :a_late::bigint, 'its kind and cause first (the newest)');
SELECT pg_temp.expect_true((SELECT array_position(ids, a.id) < array_position(ids, :a_any) FROM proposed, polka.kb_articles a
                             WHERE a.title = 'Водитель не дождался приёмки'), 'the group''s article before the word matches');
SELECT pg_temp.expect_true((SELECT ids @> ARRAY[:a_any, :a_common]::bigint[] FROM proposed), 'the words match other kinds too');
SELECT pg_temp.expect_true((SELECT NOT :a_ersh = ANY (ids) FROM proposed), 'not what neither kind nor words match');
-- The list as the screen reads it: the proposals with nothing typed, a search with words.
SELECT pg_temp.expect_eq((SELECT array_agg(l.id) FROM polka.kb_list(NULL, NULL, NULL, :k_open, 100) l), (SELECT ids FROM proposed),
                         'kb_list for a claim: the proposals');
SELECT pg_temp.expect_eq((SELECT (array_agg(l.id))[1] FROM polka.kb_list('пастила', NULL, NULL, :k_open, 100) l), :a_late::bigint,
                         'words typed for a claim: its kind first');
-- A claim the person does not see is not found.
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT * FROM polka.kb_propose(%s, 10)', :k_open), 'P0002');
RESET SESSION AUTHORIZATION;

ROLLBACK;
