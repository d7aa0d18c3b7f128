-- needs schema 025
-- payments.sql: customers' payments from bank statements (issue 16, schema 025): a statement
-- imported in one transaction, its payments matched to receivables by the payer's INN and the
-- document numbers the purpose names; the queue of what is not matched, allocated or set aside
-- by hand; what clients owe, by age (the aging report and the order screen's debt).
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Who imports statements and matches payments: the head and administrators.
CREATE OR REPLACE FUNCTION polka.payments_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only the head and administrators import bank statements and match payments'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.payments_rights_check() TO polka_user;

-- A document number as it is compared: its digits without leading zeros ("УПД № 00123",
-- "123", "РН-0000123" alike; a code U2026000123 as 2026000123). NULL without digits. (No SET:
-- inlined where it is used.)
CREATE OR REPLACE FUNCTION polka.doc_ref_key(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN nullif(ltrim(regexp_replace(p, '[^0-9]', '', 'g'), '0'), '');
GRANT EXECUTE ON FUNCTION polka.doc_ref_key(text) TO polka_user;

-- What clients owe, receivable by receivable, as of p_day: what is open of each and the days
-- it is overdue (0: not due yet). Row security: a manager sees his clients'. The aging report
-- and the order screen's debt read it. (No SET: inlined.)
CREATE OR REPLACE FUNCTION polka.receivables_open(p_day date)
RETURNS TABLE (receivable_id bigint, client_id bigint, doc text, doc_date date, due_on date, open numeric,
               overdue_days integer)
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.client_id, r.doc, r.doc_date, r.due_on, r.amount - r.paid, greatest(p_day - r.due_on, 0)
      FROM polka.receivables r WHERE r.paid < r.amount
$$;
GRANT EXECUTE ON FUNCTION polka.receivables_open(date) TO polka_user;

-- The open receivables each of p_payments names by number (its client's; by the document's
-- number or code), with what is open of them now. A number that fits two of the client's open
-- documents (numbers restart each year; an old "РН-0000005" and "УПД 5") matches neither: a
-- person chooses. Not granted: bank_import's.
CREATE OR REPLACE FUNCTION polka.payment_matches(p_payments bigint[])
RETURNS TABLE (pid bigint, amount numeric, rid bigint, open numeric, due_on date)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH keyed AS (
        SELECT p.id, p.client_id, p.amount - p.allocated AS amount,
               ARRAY(SELECT DISTINCT polka.doc_ref_key(f) FROM unnest(p.doc_refs) f
                      WHERE polka.doc_ref_key(f) IS NOT NULL) AS keys
          FROM polka.payments p
         WHERE p.id = ANY (p_payments) AND p.client_id IS NOT NULL AND cardinality(p.doc_refs) > 0),
    hits AS (
        SELECT k.id AS pid, k.amount, r.id AS rid, r.amount - r.paid AS open, r.due_on, key
          FROM keyed k
          CROSS JOIN LATERAL unnest(k.keys) key
          JOIN polka.receivables r ON r.client_id = k.client_id AND r.paid < r.amount
          LEFT JOIN polka.documents d ON d.id = r.document_id
         WHERE polka.doc_ref_key(r.doc) = key OR polka.doc_ref_key(d.code) = key)
    SELECT DISTINCT h.pid, h.amount, h.rid, h.open, h.due_on
      FROM hits h
      JOIN (SELECT x.pid, x.key FROM hits x GROUP BY x.pid, x.key HAVING count(DISTINCT x.rid) = 1) f
        ON f.pid = h.pid AND f.key = h.key
$$;

-- p_payments (no two naming one receivable) allocated to what they name, each to its earliest
-- due documents first, as far as it goes. Not granted: bank_import's.
CREATE OR REPLACE FUNCTION polka.payment_matches_allocate(p_payments bigint[]) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    WITH c AS (
        SELECT m.*, sum(m.open) OVER (PARTITION BY m.pid ORDER BY m.due_on, m.rid) AS cum
          FROM polka.payment_matches(p_payments) m)
    INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how)
    SELECT c.pid, c.rid, least(c.open, c.amount - (c.cum - c.open)), 'auto'
      FROM c WHERE c.amount - (c.cum - c.open) > 0
     ORDER BY c.pid, c.rid
$$;

-- One business action: a bank statement imported. p_payments: the statement's incoming
-- payments in its order (the C side parsed the file, src/core/bankfile.c), each an object
-- with number, date, credited, amount (roubles, a decimal point), payer_name, payer_inn,
-- payer_kpp, payer_account, purpose, doc_id and refs (the document numbers its purpose names).
-- The same statement again (the SHA-256 of its period and payments as given) changes nothing;
-- a payment another statement listed already is not taken again. A new payment's client is the client whose INN paid (with its
-- KPP when several share the INN; none when still not one). It is then matched: each receivable
-- of that client whose document number the purpose names, earliest due first, gets what is
-- open of it, as far as the payment goes (a receivable two payments of the file name goes to
-- the first of them that has money left for it). What stays unallocated waits in the queue.
-- Returns what happened (jsonb: import_id, again, payments, new, known, matched, partly,
-- unmatched, allocated).
CREATE OR REPLACE FUNCTION polka.bank_import(p_file text, p_date_from date, p_date_to date, p_payments jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_import bigint;
    v_total int := jsonb_array_length(coalesce(p_payments, '[]'));
    v_sha text := encode(sha256(convert_to(concat_ws(' ', p_date_from, p_date_to, coalesce(p_payments, '[]')::text),
                                           'UTF8')), 'hex');
    v_new bigint[];
    v_shared bigint[];
    v_pay polka.payments;
    r jsonb;
BEGIN
    PERFORM polka.payments_rights_check();
    -- (Two imports of one statement at once: the second waits for the first's row, then
    -- finds it imported.)
    INSERT INTO polka.bank_imports (file_name, sha256, date_from, date_to, payments)
    VALUES (p_file, v_sha, p_date_from, p_date_to, v_total)
    ON CONFLICT ON CONSTRAINT bank_imports_sha256_key DO NOTHING RETURNING id INTO v_import;
    IF v_import IS NULL THEN
        SELECT i.id INTO v_import FROM polka.bank_imports i WHERE i.sha256 = v_sha;
        RETURN jsonb_build_object('import_id', v_import, 'again', true, 'payments', v_total);
    END IF;

    -- The payments inserted, each with its client.
    WITH x AS (
        SELECT e.n, e.j ->> 'number' AS number, (e.j ->> 'date')::date AS date,
               nullif(e.j ->> 'credited', '')::date AS credited, (e.j ->> 'amount')::numeric AS amount,
               e.j ->> 'payer_name' AS payer_name, e.j ->> 'payer_inn' AS payer_inn,
               e.j ->> 'payer_kpp' AS payer_kpp, e.j ->> 'payer_account' AS payer_account,
               e.j ->> 'purpose' AS purpose, e.j ->> 'doc_id' AS doc_id,
               ARRAY(SELECT jsonb_array_elements_text(coalesce(e.j -> 'refs', '[]'))) AS refs
          FROM jsonb_array_elements(p_payments) WITH ORDINALITY AS e(j, n)),
    ins AS (
        INSERT INTO polka.payments AS p (import_id, number, pay_date, credited_on, amount, payer_name, payer_inn,
                                         payer_kpp, payer_account, purpose, bank_doc_id, doc_refs, client_id)
        SELECT v_import, x.number, x.date, x.credited, x.amount, coalesce(x.payer_name, ''),
               nullif(x.payer_inn, ''), nullif(x.payer_kpp, ''), coalesce(x.payer_account, ''),
               coalesce(x.purpose, ''), coalesce(x.doc_id, ''), x.refs,
               (SELECT CASE WHEN count(*) = 1 THEN min(c.id)
                            ELSE min(c.id) FILTER (WHERE c.kpp = nullif(x.payer_kpp, '')) END
                  FROM polka.partners c
                 WHERE c.inn = nullif(x.payer_inn, '') AND c.kind = 'client'
                HAVING count(*) = 1 OR count(*) FILTER (WHERE c.kpp = nullif(x.payer_kpp, '')) = 1)
          FROM x ORDER BY x.n
        ON CONFLICT ON CONSTRAINT payments_key DO NOTHING
        RETURNING p.id)
    SELECT coalesce(array_agg(ins.id), '{}') INTO v_new FROM ins;

    -- The open receivables of the new payments' clients locked (in id order, as the
    -- allocations' trigger locks them) before what is open of them is read: a person
    -- allocating meanwhile is waited for, then seen.
    PERFORM 1 FROM polka.receivables r
     WHERE r.paid < r.amount
       AND r.client_id IN (SELECT p.client_id FROM polka.payments p WHERE p.id = ANY (v_new) AND p.client_id IS NOT NULL)
     ORDER BY r.id FOR NO KEY UPDATE;

    -- Matched (payment_matches_allocate): payments none of whose documents another payment
    -- of the file names, all at once; those sharing a document one by one in the file's (id)
    -- order, each taking what is still open after the one before, so a later one gets what
    -- an earlier one had no money left for.
    WITH m AS MATERIALIZED (SELECT * FROM polka.payment_matches(v_new))
    SELECT coalesce(array_agg(DISTINCT m.pid ORDER BY m.pid), '{}') INTO v_shared
      FROM m WHERE EXISTS (SELECT FROM m o WHERE o.rid = m.rid AND o.pid <> m.pid);
    PERFORM polka.payment_matches_allocate(ARRAY(SELECT x FROM unnest(v_new) x WHERE x <> ALL (v_shared)));
    FOR v_pay IN SELECT p.* FROM polka.payments p WHERE p.id = ANY (v_shared) ORDER BY p.id LOOP
        PERFORM polka.payment_matches_allocate(ARRAY[v_pay.id]);
    END LOOP;

    SELECT jsonb_build_object(
               'import_id', v_import, 'again', false, 'payments', v_total,
               'new', count(*), 'known', v_total - count(*),
               'matched', count(*) FILTER (WHERE p.status = 'matched'),
               'partly', count(*) FILTER (WHERE p.status = 'partly'),
               'unmatched', count(*) FILTER (WHERE p.status = 'unmatched'),
               'allocated', coalesce(sum(p.allocated), 0)::numeric(14, 2))
      INTO r
      FROM polka.payments p WHERE p.import_id = v_import;
    RETURN r;
END
$$;
GRANT EXECUTE ON FUNCTION polka.bank_import(text,date,date,jsonb) TO polka_user;

-- The queue: payments not wholly allocated nor set aside, oldest first (the whole list with
-- p_all), those whose payer, INN, client or number hold p_q (any case): the payer as the bank
-- named it, the client found, what is left of it, the documents the purpose names.
CREATE OR REPLACE FUNCTION polka.payments_queue(p_all boolean DEFAULT false, p_q text DEFAULT NULL)
RETURNS TABLE (id bigint, pay_date date, number text, payer_name text, payer_inn text, client_id bigint,
               client text, amount numeric, allocated numeric, left_over numeric, status text, refs text,
               purpose text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.id, p.pay_date, p.number, p.payer_name, p.payer_inn, p.client_id, c.name, p.amount, p.allocated,
           p.amount - p.allocated, p.status, array_to_string(p.doc_refs, ', '), p.purpose
      FROM polka.payments p LEFT JOIN polka.partners c ON c.id = p.client_id
     WHERE (p_all OR (p.set_aside IS NULL AND p.allocated < p.amount))
       AND (coalesce(btrim(p_q), '') = ''
            OR strpos(lower(concat_ws(' ', p.payer_name, p.payer_inn, c.name, c.code, p.number)), lower(btrim(p_q))) > 0)
     ORDER BY p.pay_date, p.id
$$;
GRANT EXECUTE ON FUNCTION polka.payments_queue(boolean,text) TO polka_user;

-- The open receivables a payment may go to: its client's (a payment no client is known for:
-- those of clients whose INN or name is like the payer's), the ones its purpose names first.
CREATE OR REPLACE FUNCTION polka.payment_receivables(p_payment bigint)
RETURNS TABLE (receivable_id bigint, client text, doc text, doc_date date, due_on date, open numeric,
               overdue_days integer, named boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT o.receivable_id, c.name, o.doc, o.doc_date, o.due_on, o.open, o.overdue_days,
           polka.doc_ref_key(o.doc) = ANY (SELECT polka.doc_ref_key(f) FROM unnest(p.doc_refs) f)
      FROM polka.payments p
      JOIN polka.receivables_open(polka.business_day()) o
        ON o.client_id = p.client_id
        OR p.client_id IS NULL AND o.client_id IN (SELECT x.id FROM polka.partners x
                                                    WHERE x.kind = 'client' AND (x.inn = p.payer_inn
                                                       OR x.legal_name = p.payer_name OR x.name = p.payer_name))
      JOIN polka.partners c ON c.id = o.client_id
     WHERE p.id = p_payment
     ORDER BY 8 DESC, o.due_on, o.receivable_id
$$;
GRANT EXECUTE ON FUNCTION polka.payment_receivables(bigint) TO polka_user;

-- One business action: (what is left of) a payment allocated by hand to a receivable, p_amount
-- (refused when more than both allow) or as much as both allow. A payment no client was known for becomes its client's. Refused:
-- a payment set aside, one wholly allocated, a receivable paid, another client's receivable
-- than the payment's. Returns the payment's status.
CREATE OR REPLACE FUNCTION polka.payment_allocate(p_payment bigint, p_receivable bigint, p_amount numeric DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p polka.payments;
    r polka.receivables;
    v numeric;
BEGIN
    PERFORM polka.payments_rights_check();
    SELECT * INTO r FROM polka.receivables WHERE id = p_receivable FOR NO KEY UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('receivable', p_receivable); END IF;
    SELECT * INTO p FROM polka.payments WHERE id = p_payment FOR NO KEY UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('payment', p_payment); END IF;
    IF p.set_aside IS NOT NULL THEN
        RAISE EXCEPTION 'payment % of % is set aside (%): it is not allocated', p.number, p.pay_date, p.set_aside
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_aside_unallocated';
    END IF;
    IF p.client_id IS NOT NULL AND p.client_id <> r.client_id THEN
        RAISE EXCEPTION 'payment % of % is from another client than document %', p.number, p.pay_date, r.doc
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_allocations_same_client';
    END IF;
    v := least(coalesce(p_amount, p.amount - p.allocated), p.amount - p.allocated, r.amount - r.paid);
    IF p_amount > v THEN
        RAISE EXCEPTION 'payment % has % left and document % has % open: % is more than that', p.number,
              p.amount - p.allocated, r.doc, r.amount - r.paid, p_amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_allocations_amount_valid';
    END IF;
    IF v <= 0 OR p_amount <= 0 THEN
        RAISE EXCEPTION 'nothing to allocate: payment % has % left, document % % open', p.number,
              p.amount - p.allocated, r.doc, r.amount - r.paid
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_allocations_amount_valid';
    END IF;
    IF p.client_id IS NULL THEN
        UPDATE polka.payments SET client_id = r.client_id WHERE id = p_payment;
    END IF;
    INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how)
    VALUES (p_payment, p_receivable, v, 'manual');
    RETURN (SELECT status FROM polka.payments WHERE id = p_payment);
END
$$;
GRANT EXECUTE ON FUNCTION polka.payment_allocate(bigint,bigint,numeric) TO polka_user;

-- One business action: what is left of a payment set aside with a reason (an advance, a refund
-- from a supplier, not a customer's payment); it leaves the queue. Returns its status.
CREATE OR REPLACE FUNCTION polka.payment_set_aside(p_payment bigint, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v text;
BEGIN
    PERFORM polka.payments_rights_check();
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'a payment is set aside with a reason'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_set_aside_valid';
    END IF;
    UPDATE polka.payments SET set_aside = p_reason WHERE id = p_payment RETURNING status INTO v;
    IF NOT FOUND THEN PERFORM polka.not_found('payment', p_payment); END IF;
    RETURN v;
END
$$;
GRANT EXECUTE ON FUNCTION polka.payment_set_aside(bigint,text) TO polka_user;

-- Report "receivables by age": per client, what is open as of today by how long it is overdue
-- by its payment terms (each receivable's due date came from its agreement): not due yet, 1-7,
-- 8-30, 31-60, over 60 days. A manager sees his clients. Largest overdue first.
CREATE OR REPLACE FUNCTION polka.report_receivables_aging()
RETURNS TABLE (client_code text, client text, manager text, total numeric, current numeric, d1_7 numeric,
               d8_30 numeric, d31_60 numeric, over_60 numeric, oldest_due date)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.code, c.name, m.full_name, sum(o.open),
           sum(o.open) FILTER (WHERE o.overdue_days = 0),
           sum(o.open) FILTER (WHERE o.overdue_days BETWEEN 1 AND 7),
           sum(o.open) FILTER (WHERE o.overdue_days BETWEEN 8 AND 30),
           sum(o.open) FILTER (WHERE o.overdue_days BETWEEN 31 AND 60),
           sum(o.open) FILTER (WHERE o.overdue_days > 60),
           min(o.due_on)
      FROM polka.receivables_open(polka.business_day()) o
      JOIN polka.partners c ON c.id = o.client_id
      LEFT JOIN polka.people m ON m.id = c.manager_id
     GROUP BY c.id, c.code, c.name, m.full_name
     ORDER BY sum(o.open) FILTER (WHERE o.overdue_days > 0) DESC NULLS LAST, sum(o.open) DESC, c.code
$$;
GRANT EXECUTE ON FUNCTION polka.report_receivables_aging() TO polka_user;
