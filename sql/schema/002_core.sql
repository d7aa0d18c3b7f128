-- 002: the core schema: people, partners with their contacts, delivery points and relations,
-- products with categories, units and VAT rates, warehouses, stock by batch, planned receipts.
--
-- Invariants live here: keys, checks, not-null, foreign keys. Constraint names matter: the
-- client turns them into messages (src/db/dberr.c), so rename them there too.

SET LOCAL ROLE polka_owner;

-- The validators the checks call are in sql/functions/checks.sql.

-- People ---------------------------------------------------------------------------------

-- A person of the company. login is the PostgreSQL role they log in as (NULL: no login,
-- e.g. a sales representative known by name only).
CREATE TABLE polka.people (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login      text CONSTRAINT people_login_key UNIQUE
               CONSTRAINT people_login_valid CHECK (login ~ '^[a-z_][a-z0-9_]{0,62}$'),
    full_name  text NOT NULL CONSTRAINT people_full_name_valid CHECK (polka.text_ok(full_name, 200)),
    phone      text CONSTRAINT people_phone_valid CHECK (polka.text_ok(phone, 40)),
    email      text CONSTRAINT people_email_valid CHECK (polka.email_valid(email)),
    is_manager boolean NOT NULL DEFAULT false, -- may be responsible for partners
    blocked    boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Partners --------------------------------------------------------------------------------

CREATE TABLE polka.partner_kinds (
    code text PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO polka.partner_kinds VALUES
    ('client', 'Клиент'), ('supplier', 'Поставщик'), ('carrier', 'Перевозчик'),
    ('competitor', 'Конкурент');

CREATE TABLE polka.segments (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]{1,30}$'),
    name text NOT NULL UNIQUE CHECK (polka.text_ok(name, 100))
);
INSERT INTO polka.segments VALUES
    ('chain', 'Торговая сеть'), ('distributor', 'Дистрибьютор'), ('horeca', 'HoReCa'),
    ('shop', 'Магазин'), ('other', 'Прочие');

CREATE SEQUENCE polka.partner_code_seq;

CREATE TABLE polka.partners (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          text NOT NULL DEFAULT lpad(nextval('polka.partner_code_seq')::text, 6, '0')
                  CONSTRAINT partners_code_key UNIQUE
                  CONSTRAINT partners_code_valid CHECK (code ~ '^[0-9A-Za-z-]{1,20}$'),
    kind          text NOT NULL REFERENCES polka.partner_kinds,
    name          text NOT NULL CONSTRAINT partners_name_valid CHECK (polka.text_ok(name, 300)),
    legal_name    text NOT NULL
                  CONSTRAINT partners_legal_name_valid CHECK (polka.text_ok(legal_name, 300)),
    inn           text CONSTRAINT partners_inn_valid CHECK (polka.inn_valid(inn)),
    kpp           text CONSTRAINT partners_kpp_valid CHECK (polka.kpp_valid(kpp)),
    legal_address text CONSTRAINT partners_address_valid CHECK (polka.text_ok(legal_address, 500)),
    segment       text REFERENCES polka.segments,
    manager_id    bigint REFERENCES polka.people,
    priority      smallint NOT NULL DEFAULT 5
                  CONSTRAINT partners_priority_valid CHECK (priority BETWEEN 1 AND 9),
    phone         text CONSTRAINT partners_phone_valid CHECK (polka.text_ok(phone, 40)),
    email         text CONSTRAINT partners_email_valid CHECK (polka.email_valid(email)),
    version       integer NOT NULL DEFAULT 1, -- optimistic locking: partner_save checks it
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- A KPP belongs to an organisation (10-digit INN) only.
    CONSTRAINT partners_kpp_needs_org_inn CHECK (kpp IS NULL OR length(inn) IS NOT DISTINCT FROM 10)
);
CREATE INDEX partners_inn_idx ON polka.partners (inn);
CREATE INDEX partners_manager_idx ON polka.partners (manager_id);
CREATE INDEX partners_name_idx ON polka.partners (lower(name) text_pattern_ops);

CREATE TABLE polka.relation_kinds (
    code text PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO polka.relation_kinds VALUES
    ('holding', 'Входит в холдинг'), ('buys_through', 'Закупает через'),
    ('competitor_of', 'Конкурент'), ('carrier_for', 'Возит для');

CREATE TABLE polka.partner_relations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id bigint NOT NULL REFERENCES polka.partners ON DELETE CASCADE,
    related_id bigint NOT NULL REFERENCES polka.partners,
    kind       text NOT NULL REFERENCES polka.relation_kinds,
    CONSTRAINT partner_relations_not_self CHECK (partner_id <> related_id),
    CONSTRAINT partner_relations_key UNIQUE (partner_id, related_id, kind)
);
CREATE INDEX partner_relations_related_idx ON polka.partner_relations (related_id);

CREATE TABLE polka.contact_roles (
    code text PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO polka.contact_roles VALUES
    ('director', 'Директор'), ('buyer', 'Закупщик'), ('accountant', 'Бухгалтер'),
    ('logistics', 'Логист'), ('storekeeper', 'Кладовщик'), ('quality', 'Качество');

CREATE TABLE polka.contacts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id bigint NOT NULL REFERENCES polka.partners ON DELETE CASCADE,
    full_name  text NOT NULL CONSTRAINT contacts_full_name_valid CHECK (polka.text_ok(full_name, 200)),
    role       text NOT NULL REFERENCES polka.contact_roles,
    phone      text CONSTRAINT contacts_phone_valid CHECK (polka.text_ok(phone, 40)),
    email      text CONSTRAINT contacts_email_valid CHECK (polka.email_valid(email))
);
CREATE INDEX contacts_partner_idx ON polka.contacts (partner_id);

CREATE TABLE polka.delivery_points (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id bigint NOT NULL REFERENCES polka.partners ON DELETE CASCADE,
    name       text NOT NULL CONSTRAINT delivery_points_name_valid CHECK (polka.text_ok(name, 300)),
    address    text NOT NULL
               CONSTRAINT delivery_points_address_valid CHECK (polka.text_ok(address, 500)),
    gln        text CONSTRAINT delivery_points_gln_valid CHECK (polka.gs1_valid(gln) AND length(gln) = 13)
               CONSTRAINT delivery_points_gln_key UNIQUE,
    active     boolean NOT NULL DEFAULT true
);
CREATE INDEX delivery_points_partner_idx ON polka.delivery_points (partner_id);

-- Products ----------------------------------------------------------------------------------

-- scale: decimal places a quantity in this unit may have (pieces 0, kilograms 3).
CREATE TABLE polka.units (
    code  text PRIMARY KEY CHECK (polka.text_ok(code, 10)),
    name  text NOT NULL UNIQUE,
    scale smallint NOT NULL CHECK (scale BETWEEN 0 AND 3)
);
INSERT INTO polka.units VALUES
    ('шт', 'штука', 0), ('кг', 'килограмм', 3), ('л', 'литр', 3), ('кор', 'коробка', 0);

CREATE TABLE polka.categories (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id bigint REFERENCES polka.categories,
    name      text NOT NULL CONSTRAINT categories_name_valid CHECK (polka.text_ok(name, 200)),
    CONSTRAINT categories_not_self CHECK (parent_id <> id)
);
CREATE UNIQUE INDEX categories_name_key ON polka.categories (coalesce(parent_id, 0), name);

-- VAT rates by validity date: a rate applies from valid_from until the next one of its code.
CREATE TABLE polka.vat_rates (
    code       text NOT NULL CHECK (code IN ('standard', 'reduced', 'zero')),
    valid_from date NOT NULL,
    rate       numeric(5, 2) NOT NULL CHECK (rate >= 0 AND rate < 100),
    PRIMARY KEY (code, valid_from)
);
INSERT INTO polka.vat_rates VALUES
    ('standard', '2019-01-01', 20), ('standard', '2026-01-01', 22),
    ('reduced', '2004-01-01', 10), ('zero', '2004-01-01', 0);

CREATE TABLE polka.products (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            text NOT NULL CONSTRAINT products_code_key UNIQUE
                    CONSTRAINT products_code_valid CHECK (code ~ '^[0-9]{1,13}$'),
    name            text NOT NULL CONSTRAINT products_name_valid CHECK (polka.text_ok(name, 300)),
    category_id     bigint NOT NULL REFERENCES polka.categories,
    unit            text NOT NULL REFERENCES polka.units,
    pack_qty        numeric(12, 3) NOT NULL DEFAULT 1 CONSTRAINT products_pack_positive CHECK (pack_qty > 0),
    weight_kg       numeric(10, 3) NOT NULL CONSTRAINT products_weight_valid CHECK (weight_kg >= 0),
    gtin            text CONSTRAINT products_gtin_valid CHECK (polka.gs1_valid(gtin))
                    CONSTRAINT products_gtin_key UNIQUE,
    shelf_life_days integer NOT NULL CONSTRAINT products_shelf_life_valid CHECK (shelf_life_days > 0),
    vat_code        text NOT NULL DEFAULT 'reduced'
                    CHECK (vat_code IN ('standard', 'reduced', 'zero')),
    active          boolean NOT NULL DEFAULT true
);
CREATE INDEX products_category_idx ON polka.products (category_id);
CREATE INDEX products_name_idx ON polka.products (lower(name) text_pattern_ops);

-- Warehouses and stock ------------------------------------------------------------------------

CREATE TABLE polka.warehouses (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    text NOT NULL CONSTRAINT warehouses_code_key UNIQUE CHECK (polka.text_ok(code, 20)),
    name    text NOT NULL CHECK (polka.text_ok(name, 200)),
    address text CHECK (polka.text_ok(address, 500))
);

-- Stock on hand by batch (партия): production and expiry dates.
CREATE TABLE polka.stock_batches (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warehouse_id bigint NOT NULL REFERENCES polka.warehouses,
    product_id   bigint NOT NULL REFERENCES polka.products,
    batch        text NOT NULL CHECK (polka.text_ok(batch, 40)),
    produced_on  date NOT NULL,
    expires_on   date NOT NULL,
    qty          numeric(14, 3) NOT NULL CONSTRAINT stock_batches_qty_valid CHECK (qty >= 0),
    CONSTRAINT stock_batches_dates_valid CHECK (expires_on >= produced_on),
    CONSTRAINT stock_batches_key UNIQUE (warehouse_id, product_id, batch)
);
CREATE INDEX stock_batches_product_idx ON polka.stock_batches (product_id, expires_on);

-- Receipts from production expected at a warehouse on a date.
CREATE TABLE polka.planned_receipts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warehouse_id bigint NOT NULL REFERENCES polka.warehouses,
    product_id   bigint NOT NULL REFERENCES polka.products,
    due_on       date NOT NULL,
    qty          numeric(14, 3) NOT NULL CONSTRAINT planned_receipts_qty_valid CHECK (qty > 0)
);
CREATE INDEX planned_receipts_product_idx ON polka.planned_receipts (product_id, due_on);

CREATE TRIGGER stock_batches_qty_scale BEFORE INSERT OR UPDATE OF qty, product_id
    ON polka.stock_batches FOR EACH ROW EXECUTE FUNCTION polka.check_qty_scale();
CREATE TRIGGER planned_receipts_qty_scale BEFORE INSERT OR UPDATE OF qty, product_id
    ON polka.planned_receipts FOR EACH ROW EXECUTE FUNCTION polka.check_qty_scale();

-- Rights: every app role reads the master data; writes go through functions (003).
GRANT SELECT ON ALL TABLES IN SCHEMA polka TO polka_user;
