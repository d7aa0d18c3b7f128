-- 037: the order people expect for names with numbers in them: «Магазин №2» before «Магазин
-- №10» (ICU's numeric ordering, Russian rules otherwise). The look-up of a client's delivery
-- points and the order screen's list of them sort by it; before, №10 to №19 came between №1 and
-- №2.

SET LOCAL ROLE polka_owner;

CREATE COLLATION polka.names (provider = icu, locale = 'ru-RU-u-kn-true');
COMMENT ON COLLATION polka.names IS 'names with numbers in them: Магазин №2 before Магазин №10';
