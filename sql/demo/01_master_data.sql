-- demo 01: demo data: polka_demo.demo_load(scale) fills an empty database with a deterministic,
-- realistic data set in Russian; polka_demo.demo_people() lists the demo logins.
--
-- Scale 1 is about 2,000 products and 5,000 partners (retail chains with hundreds of delivery
-- points, distributors, HoReCa, shops, suppliers, carriers, competitors), stock in batches
-- with expiry and planned receipts. Everything is set-based (INSERT ... SELECT over
-- generate_series); the same scale on the same day gives the same rows. Dates are relative to
-- p_today so that stock is fresh whenever it is loaded.
--
-- Demo people are PostgreSQL login roles with the password '<login>-demo'. Only a superuser
-- (polka db demo) may run this: it creates roles.

-- Schema polka_demo holds the loaders: a migrated database (production) never has them.
-- Nobody but the superuser running `polka db demo` may use it.
CREATE SCHEMA IF NOT EXISTS polka_demo AUTHORIZATION polka_owner;
REVOKE ALL ON SCHEMA polka_demo FROM PUBLIC;

SET LOCAL ROLE polka_owner;

-- arr[i mod n]: deterministic picks from word lists.
CREATE OR REPLACE FUNCTION polka_demo.demo_pick(arr text[], i bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE -- not STRICT: it inlines
RETURN arr[(i % cardinality(arr)) + 1];

CREATE OR REPLACE FUNCTION polka_demo.demo_people()
RETURNS TABLE (login text, password text, role text, full_name text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('anna', 'anna-demo', 'operator', 'Анна Соколова'),
           ('boris', 'boris-demo', 'waybill_clerk', 'Борис Кузнецов'),
           ('vera', 'vera-demo', 'manager', 'Вера Морозова'),
           ('gleb', 'gleb-demo', 'quality', 'Глеб Новиков'),
           ('dina', 'dina-demo', 'planner', 'Дина Волкова'),
           ('egor', 'egor-demo', 'head', 'Егор Лебедев'),
           ('zoya', 'zoya-demo', 'admin', 'Зоя Павлова'),
           ('roman', 'roman-demo', 'sales_rep', 'Роман Белов'),
           ('sveta', 'sveta-demo', 'sales_rep', 'Светлана Зайцева')
$$;

CREATE OR REPLACE FUNCTION polka_demo.demo_load(p_scale numeric, p_today date DEFAULT current_date)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    n_products   bigint;
    n_partners   bigint;
    n_chains     bigint;
    n_distrib    bigint;
    n_horeca     bigint;
    n_suppliers  bigint;
    n_carriers   bigint;
    n_compet     bigint;
    n_managers   bigint;
    n_routes     bigint;
    d            record;
    mgr          bigint[];
    -- Word lists.
    male_first   text[] := '{Александр,Сергей,Дмитрий,Андрей,Алексей,Михаил,Николай,Иван,Павел,Олег,Юрий,Виктор}';
    female_first text[] := '{Елена,Ольга,Наталья,Татьяна,Ирина,Светлана,Марина,Юлия,Анна,Екатерина,Людмила,Галина}';
    surnames     text[] := '{Иванов,Смирнов,Кузнецов,Попов,Васильев,Петров,Соколов,Михайлов,Новиков,Фёдоров,Морозов,Волков,Алексеев,Лебедев,Семёнов,Егоров,Павлов,Козлов,Степанов,Николаев,Орлов,Андреев,Макаров,Никитин,Захаров}';
    patronyms    text[] := '{Александров,Сергеев,Дмитриев,Андреев,Алексеев,Михайлов,Николаев,Иванов,Павлов,Олегов,Юрьев,Викторов}';
    cities       text[] := '{Москва,Санкт-Петербург,Казань,Нижний Новгород,Екатеринбург,Новосибирск,Самара,Ростов-на-Дону,Краснодар,Воронеж,Ярославль,Тверь,Тула,Рязань,Владимир,Калуга}';
    regions      text[] := '{77,78,16,52,66,54,63,61,23,36,76,69,71,62,33,40}';
    area_codes   text[] := '{495,812,843,831,343,383,846,863,861,473,4852,4822,4872,4912,4922,4842}';
    streets      text[] := '{ул. Ленина,ул. Мира,ул. Советская,ул. Садовая,пр-т Победы,ул. Гагарина,ул. Молодёжная,ул. Школьная,ул. Лесная,ул. Центральная,ул. Заводская,ул. Полевая,ш. Энтузиастов,ул. Строителей,ул. Новая,пр-т Ленинградский}';
    chain_words  text[] := '{Колосок,Берёзка,Ромашка,Семейный,Городской,Ладушки,Продуктовый двор,Родные просторы,Добрый день,Хозяюшка,Соседи,Каравай}';
    words        text[] := '{Восток,Волга,Урал,Сибирь,Север,Юг,Центр,Дон,Кама,Ока,Нева,Байкал,Алтай,Вятка,Кубань,Ладога}';
    distr_sfx    text[] := '{Продукт,Трейд,Снаб,Логистик,Дистрибуция,Опт}';
    horeca_kind  text[] := '{Кафе,Ресторан,Кофейня,Столовая,Пекарня-кафе,Бистро}';
    horeca_words text[] := '{Уют,Встреча,Самовар,Пельменная №1,Пирожок,Берег,Старый город,Огонёк,Марсель,Вкусно,Причал,Шоколадница}';
    shop_words   text[] := '{Продукты,Магазин у дома,Универсам,Минимаркет,Гастроном,Продмаг,Всё для дома,Свежее}';
    brands       text[] := '{Полька,Зорька,Луговое,Деревенское утро,Северная ферма,Калачёвъ,Мясной двор,Снежок,Сладкий край,Хлебница}';
    weights      numeric[] := '{1,0.5,2,0.75,1.5}';
BEGIN
    IF p_scale IS NULL OR p_scale <= 0 OR p_scale > 100 THEN
        RAISE EXCEPTION 'scale must be greater than 0 and at most 100, not %', p_scale
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM polka.partners) OR EXISTS (SELECT FROM polka.products) THEN
        RETURN false; -- loaded once: never mixes with real data
    END IF;

    n_products  := greatest(round(2000 * p_scale), 20);
    n_partners  := greatest(round(5000 * p_scale), 40);
    n_chains    := greatest(round(12 * p_scale), 2);
    n_distrib   := greatest(round(150 * p_scale), 3);
    n_horeca    := greatest(round(600 * p_scale), 3);
    n_suppliers := greatest(round(80 * p_scale), 2);
    n_carriers  := greatest(round(30 * p_scale), 2);
    n_compet    := greatest(round(15 * p_scale), 2);
    n_managers  := greatest(round(20 * p_scale), 3);
    n_routes    := greatest(round(30 * p_scale), 4);

    -- Demo people: one login role per group role.
    FOR d IN SELECT * FROM polka_demo.demo_people() LOOP
        -- Roles are cluster-wide: a role of that name that the demo did not create (a real
        -- "vera") is never touched; the demo stops instead.
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = d.login) THEN
            IF shobj_description((SELECT oid FROM pg_roles WHERE rolname = d.login), 'pg_authid')
               IS DISTINCT FROM 'polka demo login' THEN
                RAISE EXCEPTION 'a role "%" exists that the demo did not create; demo data belong in a cluster of their own',
                    d.login USING ERRCODE = 'duplicate_object';
            END IF;
            EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', d.login, d.password);
        ELSE
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', d.login, d.password);
            EXECUTE format('COMMENT ON ROLE %I IS %L', d.login, 'polka demo login');
        END IF;
        EXECUTE format('GRANT %I TO %I', d.role, d.login);
        PERFORM polka.person_limits(d.login);
        INSERT INTO polka.people (login, full_name, email, is_manager)
        VALUES (d.login, d.full_name, d.login || '@polka.example', d.role = 'manager');
    END LOOP;

    -- Managers without a login of their own here (they would get one on a real server).
    INSERT INTO polka.people (full_name, phone, is_manager)
    SELECT polka_demo.demo_pick(surnames, g * 7) || CASE WHEN g % 2 = 0 THEN 'а ' || polka_demo.demo_pick(female_first, g)
                                                    ELSE ' ' || polka_demo.demo_pick(male_first, g) END,
           '+7 (495) 100-' || lpad((10 + g)::text, 2, '0') || '-' || lpad((g % 100)::text, 2, '0'),
           true
      FROM generate_series(1, n_managers - 1) AS g;

    mgr := ARRAY(SELECT id FROM polka.people WHERE is_manager ORDER BY id);

    -- Category tree and product templates.
    CREATE TEMP TABLE demo_tpl (
        n serial, top text, sub text, name text, unit text, weight numeric, measure text,
        shelf int, pack numeric, vat text
    ) ON COMMIT DROP;
    INSERT INTO demo_tpl (top, sub, name, unit, weight, measure, shelf, pack, vat) VALUES
        ('Молочная продукция', 'Молоко', 'Молоко 3,2%', 'шт', 1.0, 'мл', 10, 12, 'reduced'),
        ('Молочная продукция', 'Молоко', 'Молоко 2,5%', 'шт', 1.0, 'мл', 10, 12, 'reduced'),
        ('Молочная продукция', 'Кисломолочные продукты', 'Кефир 2,5%', 'шт', 0.9, 'мл', 14, 12, 'reduced'),
        ('Молочная продукция', 'Кисломолочные продукты', 'Ряженка 4%', 'шт', 0.5, 'мл', 14, 12, 'reduced'),
        ('Молочная продукция', 'Кисломолочные продукты', 'Йогурт питьевой клубника', 'шт', 0.3, 'мл', 30, 12, 'reduced'),
        ('Молочная продукция', 'Сметана и творог', 'Сметана 20%', 'шт', 0.3, 'г', 30, 16, 'reduced'),
        ('Молочная продукция', 'Сметана и творог', 'Творог 9%', 'шт', 0.2, 'г', 14, 20, 'reduced'),
        ('Молочная продукция', 'Сыры', 'Сыр Российский', 'кг', 1, '', 90, 5, 'reduced'),
        ('Молочная продукция', 'Сыры', 'Сыр плавленый', 'шт', 0.09, 'г', 120, 30, 'reduced'),
        ('Молочная продукция', 'Масло', 'Масло сливочное 82,5%', 'шт', 0.18, 'г', 60, 20, 'reduced'),
        ('Хлебобулочные изделия', 'Хлеб', 'Хлеб Бородинский', 'шт', 0.4, 'г', 5, 10, 'reduced'),
        ('Хлебобулочные изделия', 'Хлеб', 'Хлеб пшеничный формовой', 'шт', 0.6, 'г', 4, 10, 'reduced'),
        ('Хлебобулочные изделия', 'Хлеб', 'Батон нарезной', 'шт', 0.4, 'г', 4, 12, 'reduced'),
        ('Хлебобулочные изделия', 'Сдоба', 'Булочка с маком', 'шт', 0.1, 'г', 5, 24, 'reduced'),
        ('Хлебобулочные изделия', 'Сдоба', 'Плюшка Московская', 'шт', 0.1, 'г', 5, 24, 'reduced'),
        ('Хлебобулочные изделия', 'Сушки и сухари', 'Сушки ванильные', 'шт', 0.3, 'г', 180, 15, 'reduced'),
        ('Мясная продукция', 'Варёные колбасы', 'Колбаса Докторская', 'кг', 1, '', 30, 6, 'reduced'),
        ('Мясная продукция', 'Варёные колбасы', 'Колбаса Молочная', 'кг', 1, '', 30, 6, 'reduced'),
        ('Мясная продукция', 'Копчёные колбасы', 'Сервелат варёно-копчёный', 'шт', 0.35, 'г', 60, 10, 'standard'),
        ('Мясная продукция', 'Копчёные колбасы', 'Колбаса сырокопчёная Брауншвейгская', 'шт', 0.3, 'г', 120, 10, 'standard'),
        ('Мясная продукция', 'Сосиски и сардельки', 'Сосиски Сливочные', 'шт', 0.45, 'г', 25, 12, 'reduced'),
        ('Мясная продукция', 'Сосиски и сардельки', 'Сардельки Говяжьи', 'кг', 1, '', 25, 5, 'reduced'),
        ('Мясная продукция', 'Деликатесы', 'Ветчина в оболочке', 'шт', 0.4, 'г', 30, 10, 'standard'),
        ('Замороженные продукты', 'Пельмени и вареники', 'Пельмени Сибирские', 'шт', 0.8, 'г', 180, 10, 'reduced'),
        ('Замороженные продукты', 'Пельмени и вареники', 'Вареники с картофелем', 'шт', 0.9, 'г', 180, 10, 'reduced'),
        ('Замороженные продукты', 'Полуфабрикаты', 'Блинчики с мясом', 'шт', 0.42, 'г', 120, 12, 'reduced'),
        ('Замороженные продукты', 'Полуфабрикаты', 'Котлеты Домашние', 'шт', 0.6, 'г', 180, 10, 'reduced'),
        ('Замороженные продукты', 'Мороженое', 'Мороженое пломбир в стаканчике', 'шт', 0.08, 'г', 365, 36, 'reduced'),
        ('Замороженные продукты', 'Мороженое', 'Мороженое эскимо', 'шт', 0.07, 'г', 365, 40, 'reduced'),
        ('Замороженные продукты', 'Овощи', 'Смесь овощная мексиканская', 'шт', 0.4, 'г', 540, 20, 'reduced'),
        ('Кондитерские изделия', 'Печенье', 'Печенье сахарное', 'шт', 0.3, 'г', 180, 16, 'standard'),
        ('Кондитерские изделия', 'Печенье', 'Печенье овсяное', 'шт', 0.4, 'г', 120, 14, 'standard'),
        ('Кондитерские изделия', 'Вафли', 'Вафли лимонные', 'шт', 0.2, 'г', 180, 20, 'standard'),
        ('Кондитерские изделия', 'Пряники', 'Пряники мятные', 'шт', 0.35, 'г', 90, 15, 'standard'),
        ('Кондитерские изделия', 'Торты', 'Торт Медовик', 'шт', 0.8, 'г', 10, 4, 'standard'),
        ('Кондитерские изделия', 'Конфеты', 'Конфеты Ассорти', 'шт', 0.25, 'г', 270, 12, 'standard');

    INSERT INTO polka.categories (name)
    SELECT DISTINCT top FROM demo_tpl ORDER BY top;
    INSERT INTO polka.categories (parent_id, name)
    SELECT DISTINCT c.id, t.sub FROM demo_tpl t JOIN polka.categories c ON c.name = t.top
     ORDER BY c.id, t.sub;

    -- Products: template x brand x pack size; beyond that an article number keeps names apart.
    INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, gtin,
                                shelf_life_days, vat_code)
    SELECT (1000 + g)::text,
           t.name || ' «' || polka_demo.demo_pick(brands, (g - 1) / nt) || '»'
             || CASE WHEN t.measure = '' THEN ''
                     WHEN t.weight * f >= 1 THEN ' ' || replace(rtrim(to_char(t.weight * f, 'FM990.99'), '.'), '.', ',')
                          || CASE t.measure WHEN 'мл' THEN ' л' ELSE ' кг' END
                     ELSE ' ' || round(t.weight * f * 1000) || ' ' || t.measure END
             || CASE WHEN g > nt * 50 THEN ' арт. ' || g ELSE '' END,
           c.id, t.unit,
           -- (whole pieces a pack: a pack of 15 halves to 7)
           CASE WHEN f > 1 THEN greatest(floor(t.pack / 2), 1) ELSE t.pack END,
           round(CASE WHEN t.unit = 'кг' THEN 1 ELSE t.weight * f * 1.04 END, 3),
           gtin || polka.gs1_check_digit(gtin),
           t.shelf, t.vat
      FROM generate_series(1, n_products) AS g
      CROSS JOIN LATERAL (SELECT count(*) AS nt FROM demo_tpl) k
      JOIN demo_tpl t ON t.n = (g - 1) % k.nt + 1
      JOIN polka.categories c ON c.name = t.sub AND c.parent_id IS NOT NULL
      CROSS JOIN LATERAL (SELECT CASE WHEN t.measure = '' THEN 1
                                      ELSE weights[((g - 1) / (k.nt * 10)) % 5 + 1] END AS f,
                                 '460' || lpad(g::text, 9, '0') AS gtin) v
     ORDER BY g;

    -- Every product's declaration of conformity (the quality certificates' reference prints it).
    UPDATE polka.products SET certificate = format('ЕАЭС N RU Д-RU.РА01.В.%s/26', lpad((id % 100000)::text, 5, '0'));
    -- The company: the seller and shipper on the printed documents, the supplier by its GLN in
    -- the EDI messages (the demo chains' orders are addressed to it).
    INSERT INTO polka.settings (key, value) VALUES
        ('company_name', 'ООО «Полька-Продукт»'), ('company_inn', '5036040729'), ('company_kpp', '503601001'),
        ('company_address', '142100, Московская обл., г. Подольск, ул. Складская, д. 1'),
        ('company_gln', '4600000000008')
    ON CONFLICT (key) DO NOTHING;

    INSERT INTO polka.warehouses (code, name, address, main) VALUES
        ('ЦС', 'Центральный склад', 'Московская обл., г. Подольск, ул. Складская, д. 1', true),
        ('СПБ', 'Склад Санкт-Петербург', 'г. Санкт-Петербург, Софийская ул., д. 60', false),
        ('КЗН', 'Склад Казань', 'г. Казань, ул. Техническая, д. 25', false);

    -- Partners. g orders the kinds: chains, distributors, HoReCa, suppliers, carriers,
    -- competitors, then shops (sole traders) for the rest.
    CREATE TEMP TABLE demo_partner ON COMMIT DROP AS
    SELECT g,
           CASE WHEN g <= a THEN 'chain' WHEN g <= b THEN 'distributor' WHEN g <= c THEN 'horeca'
                WHEN g <= e THEN 'supplier' WHEN g <= f THEN 'carrier' WHEN g <= h THEN 'competitor'
                ELSE 'shop' END AS what,
           g - CASE WHEN g <= a THEN 0 WHEN g <= b THEN a WHEN g <= c THEN b WHEN g <= e THEN c
                    WHEN g <= f THEN e WHEN g <= h THEN f ELSE h END AS i
      FROM generate_series(1, n_partners) AS g,
           LATERAL (SELECT n_chains AS a, n_chains + n_distrib AS b,
                           n_chains + n_distrib + n_horeca AS c,
                           n_chains + n_distrib + n_horeca + n_suppliers AS e,
                           n_chains + n_distrib + n_horeca + n_suppliers + n_carriers AS f,
                           n_chains + n_distrib + n_horeca + n_suppliers + n_carriers + n_compet AS h) s;

    INSERT INTO polka.partners (code, kind, name, legal_name, inn, kpp, legal_address, segment,
                                manager_id, priority, phone, email)
    SELECT lpad(g::text, 6, '0'),
           CASE what WHEN 'supplier' THEN 'supplier' WHEN 'carrier' THEN 'carrier'
                     WHEN 'competitor' THEN 'competitor' ELSE 'client' END,
           x.name, x.legal, x.inn, x.kpp,
           (100000 + (g * 37) % 900000)::text || ', г. ' || polka_demo.demo_pick(cities, g) || ', '
             || polka_demo.demo_pick(streets, g / 3) || ', д. ' || (1 + g % 97),
           CASE what WHEN 'chain' THEN 'chain' WHEN 'distributor' THEN 'distributor'
                     WHEN 'horeca' THEN 'horeca' WHEN 'shop' THEN 'shop' ELSE NULL END,
           CASE WHEN what IN ('chain', 'distributor', 'horeca', 'shop')
                THEN mgr[(g - 1) % cardinality(mgr) + 1] END, -- the first (vera) has chain 1
           CASE what WHEN 'chain' THEN 1 + g % 2 WHEN 'distributor' THEN 3 WHEN 'horeca' THEN 5
                     WHEN 'shop' THEN 6 + g % 3 ELSE 5 END,
           '+7 (' || polka_demo.demo_pick(area_codes, g) || ') ' || substr(ph, 1, 3) || '-'
             || substr(ph, 4, 2) || '-' || substr(ph, 6, 2),
           CASE WHEN g % 4 <> 3 THEN 'zakaz.' || lpad(g::text, 6, '0') || '@example.ru' END
      FROM demo_partner p
      CROSS JOIN LATERAL (SELECT lpad(((2000000 + g * 7919) % 10000000)::text, 7, '0') AS ph,
                                 -- g * 7919 is a bijection mod 10^7 and 10^8: unique, not sequential.
                                 polka_demo.demo_pick(regions, g)
                                   || lpad(((g * 7919 + 1234567) % 10000000)::text, 7, '0') AS b9,
                                 polka_demo.demo_pick(regions, g)
                                   || lpad(((g * 7919 + 12345678) % 100000000)::text, 8, '0') AS b10) n
      CROSS JOIN LATERAL (SELECT n.b10 || polka.inn_control(n.b10, '{7,2,4,10,3,5,9,4,6,8}') AS b11) m
      CROSS JOIN LATERAL (
          SELECT CASE what
                   WHEN 'chain' THEN 'Сеть «' || polka_demo.demo_pick(chain_words, i - 1) || '»' || suffix
                   WHEN 'distributor' THEN polka_demo.demo_pick(words, i - 1) || '-'
                        || polka_demo.demo_pick(distr_sfx, (i - 1) / 16) || suffix96
                   WHEN 'horeca' THEN polka_demo.demo_pick(horeca_kind, i - 1) || ' «'
                        || polka_demo.demo_pick(horeca_words, (i - 1) / 6) || '»' || suffix72
                   WHEN 'supplier' THEN 'Агрофирма «' || polka_demo.demo_pick(words, i - 1) || '»' || suffix16
                   WHEN 'carrier' THEN 'ТК «' || polka_demo.demo_pick(words, i + 7) || ' Транс»' || suffix16
                   WHEN 'competitor' THEN 'Молкомбинат «' || polka_demo.demo_pick(words, i + 3) || '»' || suffix16
                   ELSE polka_demo.demo_pick(shop_words, i - 1) || ' (' || surname || ' '
                        || left(first, 1) || '. ' || left(patr, 1) || '.)'
                 END AS name,
                 CASE what
                   WHEN 'chain' THEN 'ООО «Торговый дом ' || polka_demo.demo_pick(chain_words, i - 1) || '»' || suffix
                   WHEN 'distributor' THEN 'ООО «' || polka_demo.demo_pick(words, i - 1) || '-'
                        || polka_demo.demo_pick(distr_sfx, (i - 1) / 16) || '»' || suffix96
                   WHEN 'horeca' THEN 'ООО «' || polka_demo.demo_pick(horeca_words, (i - 1) / 6) || ' '
                        || polka_demo.demo_pick(cities, i) || '»' || suffix72
                   WHEN 'supplier' THEN 'АО «Агрофирма ' || polka_demo.demo_pick(words, i - 1) || '»' || suffix16
                   WHEN 'carrier' THEN 'ООО «ТК ' || polka_demo.demo_pick(words, i + 7) || ' Транс»' || suffix16
                   WHEN 'competitor' THEN 'АО «Молкомбинат ' || polka_demo.demo_pick(words, i + 3) || '»' || suffix16
                   ELSE 'ИП ' || surname || ' ' || first || ' ' || patr
                 END AS legal,
                 CASE WHEN what = 'shop' THEN m.b11 || polka.inn_control(m.b11, '{3,7,2,4,10,3,5,9,4,6,8}')
                      ELSE n.b9 || polka.inn_control(n.b9, '{2,4,10,3,5,9,4,6,8}') END AS inn,
                 CASE WHEN what = 'shop' THEN NULL
                      ELSE polka_demo.demo_pick(regions, g) || '01' || '01' || '001' END AS kpp
            FROM (SELECT CASE WHEN i > 12 THEN ' ' || ((i - 1) / 12 + 1) ELSE '' END AS suffix,
                         CASE WHEN i > 96 THEN ' ' || ((i - 1) / 96 + 1) ELSE '' END AS suffix96,
                         CASE WHEN i > 72 THEN ' ' || ((i - 1) / 72 + 1) ELSE '' END AS suffix72,
                         CASE WHEN i > 16 THEN ' ' || ((i - 1) / 16 + 1) ELSE '' END AS suffix16,
                         polka_demo.demo_pick(surnames, i * 7 + i / 25) || CASE WHEN i % 2 = 0 THEN 'а' ELSE '' END AS surname,
                         CASE WHEN i % 2 = 0 THEN polka_demo.demo_pick(female_first, i / 2)
                              ELSE polka_demo.demo_pick(male_first, i / 2) END AS first,
                         polka_demo.demo_pick(patronyms, i / 3)
                           || CASE WHEN i % 2 = 0 THEN 'на' ELSE 'ич' END AS patr) w
      ) x
     ORDER BY g;
    PERFORM setval('polka.partner_code_seq', n_partners);

    -- Delivery points: chains have 100-400 shops each from scale 1 up (fewer below it; more
    -- chains, not bigger ones, at larger scales, so the rows grow linearly), distributors
    -- 1-3 warehouses, everyone else one point at their own address.
    INSERT INTO polka.delivery_points (partner_id, name, address, gln)
    SELECT p.id,
           CASE WHEN dp.what = 'chain' THEN 'Магазин №' || s
                WHEN dp.what = 'distributor' THEN 'Склад ' || s
                ELSE p.name END,
           CASE WHEN dp.what IN ('chain', 'distributor')
                THEN 'г. ' || polka_demo.demo_pick(cities, dp.g + s / 20) || ', '
                     || polka_demo.demo_pick(streets, dp.g * 3 + s) || ', д. ' || (1 + (s * 13 + dp.g) % 150)
                ELSE substr(p.legal_address, 9) END,
           CASE WHEN dp.what IN ('chain', 'distributor')
                THEN gl || polka.gs1_check_digit(gl) END
      FROM demo_partner dp
      JOIN polka.partners p ON p.code = lpad(dp.g::text, 6, '0')
      CROSS JOIN LATERAL generate_series(1, CASE dp.what
              WHEN 'chain' THEN greatest(round((100 + (dp.i * 53) % 300) * least(p_scale, 1)), 3)::int
              WHEN 'distributor' THEN 1 + dp.i % 3
              WHEN 'supplier' THEN 0 WHEN 'carrier' THEN 0 WHEN 'competitor' THEN 0
              ELSE 1 END) AS s
      CROSS JOIN LATERAL (SELECT '4' || lpad((dp.g * 100000 + s)::text, 11, '0') AS gl) q
     ORDER BY dp.g, s;

    -- Contacts: one to three per partner.
    INSERT INTO polka.contacts (partner_id, full_name, role, phone, email)
    SELECT p.id,
           polka_demo.demo_pick(surnames, dp.g * 3 + k) || CASE WHEN (dp.g + k) % 2 = 0 THEN 'а ' ELSE ' ' END
             || CASE WHEN (dp.g + k) % 2 = 0 THEN polka_demo.demo_pick(female_first, dp.g + k)
                     ELSE polka_demo.demo_pick(male_first, dp.g + k) END || ' '
             || polka_demo.demo_pick(patronyms, dp.g * 5 + k)
             || CASE WHEN (dp.g + k) % 2 = 0 THEN 'на' ELSE 'ич' END,
           (ARRAY['buyer', 'accountant', 'director', 'logistics'])[k],
           '+7 (9' || lpad(((dp.g * 7 + k * 3) % 100)::text, 2, '0') || ') '
             || lpad(((dp.g * 7919 + k * 104729) % 1000)::text, 3, '0') || '-'
             || lpad(((dp.g + k) % 100)::text, 2, '0') || '-' || lpad(((dp.g * k) % 100)::text, 2, '0'),
           CASE WHEN k = 1 THEN 'buyer.' || lpad(dp.g::text, 6, '0') || '@example.ru' END
      FROM demo_partner dp
      JOIN polka.partners p ON p.code = lpad(dp.g::text, 6, '0')
      CROSS JOIN LATERAL generate_series(1, 1 + dp.g % 3) AS k
     ORDER BY dp.g, k;

    -- Relations: every fifth shop buys through a distributor; distributors pair into holdings.
    INSERT INTO polka.partner_relations (partner_id, related_id, kind)
    SELECT p.id, r.id, 'buys_through'
      FROM demo_partner dp
      JOIN polka.partners p ON p.code = lpad(dp.g::text, 6, '0')
      JOIN polka.partners r ON r.code = lpad((n_chains + 1 + dp.i % n_distrib)::text, 6, '0')
     WHERE dp.what = 'shop' AND dp.i % 5 = 0;
    INSERT INTO polka.partner_relations (partner_id, related_id, kind)
    SELECT p.id, r.id, 'holding'
      FROM demo_partner dp
      JOIN polka.partners p ON p.code = lpad(dp.g::text, 6, '0')
      JOIN polka.partners r ON r.code = lpad((dp.g - 1)::text, 6, '0')
     WHERE dp.what = 'distributor' AND dp.i % 6 = 0;

    -- Stock by batch: every product at the central warehouse, every second one also in
    -- St Petersburg, every third in Kazan; one to three batches, all still within shelf life.
    -- Each batch comes as a receipt in the stock ledger (a batch starts empty).
    WITH b AS (
        INSERT INTO polka.stock_batches (warehouse_id, product_id, batch, produced_on, expires_on)
        SELECT w.id, pr.id, to_char(made, 'YYMMDD') || '-' || w.code || '-' || b, made,
               made + pr.shelf_life_days
          FROM polka.products pr
          JOIN polka.warehouses w ON w.code = 'ЦС' OR (w.code = 'СПБ' AND pr.id % 2 = 0)
                                   OR (w.code = 'КЗН' AND pr.id % 3 = 0)
          CROSS JOIN LATERAL generate_series(1, 1 + (pr.id + w.id) % 3) AS b
          CROSS JOIN LATERAL (SELECT p_today - ((pr.id * 3 + b * 5) % pr.shelf_life_days)::int AS made) m
         ORDER BY pr.id, w.id, b
        RETURNING id, warehouse_id, product_id, batch, produced_on)
    INSERT INTO polka.stock_moves (at, kind, batch_id, qty, note)
    SELECT b.produced_on::timestamptz + interval '18 hours', 'receipt', b.id,
           CASE WHEN pr.unit = 'кг' THEN round((20 + (pr.id * 13 + n * 7) % 480) + ((pr.id * 7) % 1000) / 1000.0, 3)
                ELSE (pr.pack_qty * (2 + (pr.id * 11 + n * 5 + b.warehouse_id) % 60))::numeric(14, 0) END,
           'из производства'
      FROM b
      JOIN polka.products pr ON pr.id = b.product_id
      CROSS JOIN LATERAL (SELECT split_part(b.batch, '-', 3)::int AS n) x
     ORDER BY b.id;

    -- Planned receipts from production over the next two weeks.
    INSERT INTO polka.planned_receipts (warehouse_id, product_id, due_on, qty)
    SELECT w.id, pr.id, p_today + day,
           CASE WHEN pr.unit = 'кг' THEN 50 + (pr.id * 17 + day) % 200
                ELSE pr.pack_qty * (10 + (pr.id * 3 + day) % 90) END
      FROM polka.products pr
      JOIN polka.warehouses w ON w.code = 'ЦС'
      CROSS JOIN generate_series(1, 14) AS day
     WHERE (pr.id + day) % 4 = 0
     ORDER BY pr.id, day;

    -- The shipping schedule: the carriers' vehicles (vans to 10-tonne trucks, two spare);
    -- routes from the main warehouse every working day, each a slice of the points in address
    -- order (a city or a few); a route's vehicle carries about a day's orders of its points, and
    -- the small ones are often full (the planner adds a trip with a spare).
    INSERT INTO polka.vehicles (plate, carrier_id, model, capacity_kg, capacity_pallets, driver, driver_phone)
    SELECT substr('АВЕКМНОРСТУХ', (1 + v % 12)::int, 1) || lpad((v % 1000)::text, 3, '0')
           || substr('АВЕКМНОРСТУХ', (1 + v * 5 % 12)::int, 1) || substr('АВЕКМНОРСТУХ', (1 + v * 7 % 12)::int, 1)
           || ' ' || (77 + v / 1000 * 100),
           c.ids[1 + v % cardinality(c.ids)],
           (ARRAY['ГАЗель Next', 'Валдай', 'ISUZU ELF', 'КАМАЗ-Компас'])[1 + v % 4],
           (ARRAY[1500, 3000, 5000, 10000])[1 + v % 4], (ARRAY[6, 8, 12, 18])[1 + v % 4],
           polka_demo.demo_pick(surnames, v * 3) || ' ' || polka_demo.demo_pick(male_first, v),
           '+7 9' || lpad(((v * 7919) % 100000000)::text, 9, '0')
      FROM generate_series(1, n_routes + 2) v,
           (SELECT array_agg(p.id ORDER BY p.id) AS ids FROM polka.partners p WHERE p.kind = 'carrier') c
     ORDER BY v;
    INSERT INTO polka.routes (code, name, warehouse_id, weekdays, departure, vehicle_id)
    -- (М01 to М99, then М100 on: lpad alone cut the hundredth to М10 again at scale 10.)
    SELECT 'М' || CASE WHEN r < 100 THEN lpad(r::text, 2, '0') ELSE r::text END,
           polka_demo.demo_pick(words, r) || ' ' || r, w.id, '12345',
           time '06:00' + (r % 4) * interval '30 minutes',
           (SELECT v.id FROM polka.vehicles v ORDER BY v.id OFFSET r - 1 LIMIT 1)
      FROM generate_series(1, n_routes) r JOIN polka.warehouses w ON w.main
     ORDER BY r;
    INSERT INTO polka.route_points (route_id, point_id, stop)
    SELECT r.id, x.id, row_number() OVER (PARTITION BY x.k ORDER BY x.address, x.id)
      FROM (SELECT p.id, p.address,
                   -- the points in address order (city first), cut in n_routes slices
                   (row_number() OVER (ORDER BY p.address, p.id) - 1) * n_routes / count(*) OVER () + 1 AS k
              FROM polka.delivery_points p
              JOIN polka.partners c ON c.id = p.partner_id AND c.kind = 'client') x
      JOIN polka.routes r ON r.code = 'М' || lpad(x.k::text, 2, '0')
     ORDER BY r.id, x.address, x.id;

    ANALYZE polka.partners, polka.delivery_points, polka.contacts, polka.products,
            polka.stock_batches, polka.stock_moves, polka.planned_receipts, polka.vehicles,
            polka.routes, polka.route_points;
    RETURN true;
END
$$;

-- Superuser only (it creates roles): no grants.
