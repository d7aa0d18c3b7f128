/* forms.c: the layouts of the printed forms (see print.h), as tables of titles, fields,
 * columns and signature blocks over the page kit (page.h). The words are Russian whatever the
 * user's language: these are Russian business documents, and the УПД keeps the line numbers
 * of the official form (the tax service's 2021 form, simplified) so that it reads as one. */
#include <stddef.h>
#include <string.h>

#include "page.h"
#include "polka/util.h"

#define FIELD_LABEL_W (62 * MM)

/* A section's rows without creating it (d is only read); NULL when missing. */
static const struct rowset *section(const struct doc *d, const char *name)
{
    for (size_t i = 0; i < d->nsections; i++)
        if (str_eq(d->sections[i]->name, name))
            return &d->sections[i]->rows;
    return NULL;
}

/* Every row of a section. */
static void rows(struct sheet *s, const struct doc *d, const char *name)
{
    const struct rowset *rs = section(d, name);
    for (size_t i = 0; rs && i < rs->n; i++)
        table_row(s, rs->rows[i]);
}

/* upd: the universal transfer document, status 1 (invoice and transfer document). */

static const struct para upd_title[] = {
    {FONT_TITLE, "Универсальный передаточный документ"},
    {FONT_HEADING, "Счёт-фактура № {number} от {date} (1)"},
    {FONT_BODY, "Исправление № — от — (1а)"},
    {FONT_HEADING, "Статус: 1"},
    {FONT_SMALL, "1 — счёт-фактура и передаточный документ (акт); 2 — передаточный документ (акт)"},
};

static const struct field upd_fields[] = {
    {"Продавец (2)", "{seller_name}"},
    {"Адрес (2а)", "{seller_address}"},
    {"ИНН/КПП продавца (2б)", "{seller_inn}/{seller_kpp}"},
    {"Грузоотправитель и его адрес (3)", "он же"},
    {"Грузополучатель и его адрес (4)", "{consignee}"},
    {"К платёжно-расчётному документу (5)", "№ — от —"},
    {"Документ об отгрузке (5а)", "УПД № {number} от {date}"},
    {"Покупатель (6)", "{buyer_name}"},
    {"Адрес (6а)", "{buyer_address}"},
    {"ИНН/КПП покупателя (6б)", "{buyer_inn}/{buyer_kpp}"},
    {"Валюта: наименование, код (7)", "Российский рубль, 643"},
    {"Идентификатор государственного контракта, договора (соглашения) (8)", ""},
};

static const struct column upd_cols[] = {
    {"№ п/п", "n", 9, ALIGN_RIGHT},
    {"Код товара", "code", 13, ALIGN_LEFT},
    {"Наименование товара", "name", 38, ALIGN_LEFT},
    {"Ед. изм.", "unit", 8, ALIGN_LEFT},
    {"Кол-во", "qty", 11, ALIGN_RIGHT},
    {"Цена за единицу без налога", "price_net", 15, ALIGN_RIGHT},
    {"Стоимость без налога", "net", 17, ALIGN_RIGHT},
    {"Ставка налога", "vat_rate", 11, ALIGN_RIGHT},
    {"Сумма налога", "vat_amount", 15, ALIGN_RIGHT},
    {"Стоимость с налогом", "amount", 17, ALIGN_RIGHT},
    {"Партия", "batch", 19, ALIGN_LEFT},
    {"Годен до", "expires", 17, ALIGN_LEFT},
};

static const char *const upd_totals[] = {
    NULL, NULL, NULL, NULL, NULL, NULL, "{net}", NULL, "{vat_amount}", "{amount}", NULL, NULL,
};
_Static_assert(ARRAY_SIZE(upd_totals) == ARRAY_SIZE(upd_cols), "a totals cell per column");

static const struct para upd_transfer[] = {
    {FONT_BODY, "Основание передачи (сдачи) / получения (приёмки) [8]: {basis}"},
    {FONT_BODY, "Данные о транспортировке и грузе [9]: рейс {trip}, автомобиль {vehicle}, "
                "водитель {driver}; масса {weight_kg} кг, паллет {pallets}"},
};

static const struct para upd_seller_signs[] = {
    {FONT_BODY, "Руководитель организации или иное уполномоченное лицо"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_BODY, "Товар (груз) передал / услуги, результаты работ, права сдал [10]"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_SMALL, "(должность, подпись, ф. и. о.)"},
    {FONT_BODY, "Дата отгрузки, передачи (сдачи) [11]: {date}"},
    {FONT_BODY, "Ответственный за правильность оформления факта хозяйственной жизни [13]: "
                "____________ / ______________"},
    {FONT_BODY, "Наименование экономического субъекта — составителя документа [14]: "
                "{seller_name}, ИНН/КПП {seller_inn}/{seller_kpp}"},
    {FONT_SMALL, "М. П."},
};

static const struct para upd_buyer_signs[] = {
    {FONT_BODY, "Главный бухгалтер или иное уполномоченное лицо"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_BODY, "Товар (груз) получил / услуги, результаты работ, права принял [15]"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_SMALL, "(должность, подпись, ф. и. о.)"},
    {FONT_BODY, "Дата получения (приёмки) [16]: «____» ______________ 20____ г."},
    {FONT_BODY, "Ответственный за правильность оформления факта хозяйственной жизни [18]: "
                "____________ / ______________"},
    {FONT_BODY, "Наименование экономического субъекта — составителя документа [19]: "
                "{buyer_name}, ИНН/КПП {buyer_inn}/{buyer_kpp}"},
    {FONT_SMALL, "М. П."},
};

static const struct block upd_end = {
    .across = upd_transfer,
    .nacross = ARRAY_SIZE(upd_transfer),
    .left = upd_seller_signs,
    .nleft = ARRAY_SIZE(upd_seller_signs),
    .right = upd_buyer_signs,
    .nright = ARRAY_SIZE(upd_buyer_signs),
};

static void upd(struct sheet *s, const struct doc *d)
{
    static const struct table t = {.cols = upd_cols, .ncols = ARRAY_SIZE(upd_cols)};
    sheet_title(s, upd_title, ARRAY_SIZE(upd_title));
    sheet_fields(s, upd_fields, ARRAY_SIZE(upd_fields), FIELD_LABEL_W);
    table_begin(s, &t);
    rows(s, d, "lines");
    table_total(s, "Всего к оплате (9)", upd_totals);
    table_end(s);
    sheet_block(s, &upd_end);
}

/* tn: the trip's consignment note, its sections numbered as on the official form; the lines
 * are the stops, section 9 (handing the goods over). */

static const struct para tn_title[] = {
    {FONT_TITLE, "Транспортная накладная"},
    {FONT_HEADING, "№ {number} от {date}"},
    {FONT_BODY, "Рейс {trip}"},
};

static const struct field tn_fields[] = {
    {"1. Грузоотправитель", "{shipper_name}, ИНН {shipper_inn}, {shipper_address}"},
    {"2. Грузополучатели", "по пунктам разгрузки (раздел 9)"},
    {"3. Груз", "пищевая продукция; паллет {pallets}, масса {weight_kg} кг"},
    {"4. Сопроводительные документы", "по пунктам разгрузки (раздел 9)"},
    {"5. Объявленная стоимость груза", "{amount} руб."},
    {"6. Перевозчик", "{carrier_name}"},
    {"7. Транспортное средство", "{vehicle}"},
    {"    Водитель", "{driver}"},
    {"8. Приём груза: адрес погрузки", "{loading_address}"},
};

static const struct column tn_cols[] = {
    {"№", "n", 6, ALIGN_RIGHT},
    {"Грузополучатель", "consignee", 44, ALIGN_LEFT},
    {"Адрес разгрузки", "address", 58, ALIGN_LEFT},
    {"Документ", "document", 24, ALIGN_LEFT},
    {"Паллет", "pallets", 12, ALIGN_RIGHT},
    {"Масса, кг", "weight_kg", 18, ALIGN_RIGHT},
    {"Стоимость, руб.", "amount", 22, ALIGN_RIGHT},
};

static const char *const tn_totals[] = {
    NULL, NULL, NULL, NULL, "{pallets}", "{weight_kg}", "{amount}",
};
_Static_assert(ARRAY_SIZE(tn_totals) == ARRAY_SIZE(tn_cols), "a totals cell per column");

static const struct para tn_shipper_signs[] = {
    {FONT_BODY, "10. Груз к перевозке сдал (грузоотправитель)"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_SMALL, "(подпись, ф. и. о.)"},
    {FONT_BODY, "Дата, время: «____» ______________ 20____ г. ____:____"},
    {FONT_SMALL, "М. П."},
};

static const struct para tn_driver_signs[] = {
    {FONT_BODY, "Груз к перевозке принял (водитель)"},
    {FONT_BODY, "____________________ / {driver}"},
    {FONT_SMALL, "(подпись, ф. и. о.)"},
    {FONT_BODY, "Дата, время: «____» ______________ 20____ г. ____:____"},
};

static const struct block tn_end = {
    .left = tn_shipper_signs,
    .nleft = ARRAY_SIZE(tn_shipper_signs),
    .right = tn_driver_signs,
    .nright = ARRAY_SIZE(tn_driver_signs),
};

static void tn(struct sheet *s, const struct doc *d)
{
    static const struct table t = {
        .caption = "9. Сдача груза", .cols = tn_cols, .ncols = ARRAY_SIZE(tn_cols)};
    sheet_title(s, tn_title, ARRAY_SIZE(tn_title));
    sheet_fields(s, tn_fields, ARRAY_SIZE(tn_fields), FIELD_LABEL_W);
    table_begin(s, &t);
    rows(s, d, "lines");
    table_total(s, "Итого", tn_totals);
    table_end(s);
    sheet_block(s, &tn_end);
}

/* packing_list: the goods by pallet, a line with the pallet's SSCC over each pallet's rows. */

static const struct para packing_title[] = {
    {FONT_TITLE, "Упаковочный лист"},
    {FONT_HEADING, "№ {number} от {date}"},
};

static const struct field packing_fields[] = {
    {"Покупатель", "{buyer_name}"},
    {"Грузополучатель", "{consignee}"},
    {"Рейс", "{trip}"},
};

static const struct column packing_cols[] = {
    {"Код товара", "code", 18, ALIGN_LEFT}, {"Наименование товара", "name", 72, ALIGN_LEFT},
    {"Партия", "batch", 22, ALIGN_LEFT},    {"Годен до", "expires", 20, ALIGN_LEFT},
    {"Кол-во", "qty", 18, ALIGN_RIGHT},     {"Ед. изм.", "unit", 14, ALIGN_LEFT},
};

static const struct para packing_signs_left[] = {
    {FONT_BODY, "Упаковал ____________________ / ______________________"},
};

static const struct para packing_signs_right[] = {
    {FONT_BODY, "Проверил ____________________ / ______________________"},
};

static const struct block packing_end = {
    .left = packing_signs_left,
    .nleft = ARRAY_SIZE(packing_signs_left),
    .right = packing_signs_right,
    .nright = ARRAY_SIZE(packing_signs_right),
};

static void packing_list(struct sheet *s, const struct doc *d)
{
    static const struct table t = {.cols = packing_cols, .ncols = ARRAY_SIZE(packing_cols)};
    sheet_title(s, packing_title, ARRAY_SIZE(packing_title));
    sheet_fields(s, packing_fields, ARRAY_SIZE(packing_fields), FIELD_LABEL_W);
    table_begin(s, &t);
    const struct rowset *rs = section(d, "pallets");
    const char *pallet = NULL; /* the SSCC of the rows above ("" for no pallet) */
    for (size_t i = 0; rs && i < rs->n; i++) {
        const struct record *row = rs->rows[i];
        const char *sscc = record_get(row, "sscc");
        if (!sscc)
            sscc = "";
        if (!pallet || strcmp(sscc, pallet) != 0)
            table_group(s, *sscc ? "Паллета SSCC {sscc}" : "Без паллеты", row);
        pallet = sscc;
        table_row(s, row);
    }
    table_end(s);
    sheet_block(s, &packing_end);
}

/* quality_cert: the batches shipped with their quality certificates and declarations of
 * conformity, referenced (the certificates themselves stay with the maker). */

static const struct para cert_title[] = {
    {FONT_TITLE, "Реестр сертификатов качества и деклараций о соответствии"},
    {FONT_HEADING, "к УПД № {number} от {date}"},
};

static const struct field cert_fields[] = {
    {"Поставщик (изготовитель)", "{seller_name}"},
    {"Покупатель", "{buyer_name}"},
    {"Грузополучатель", "{consignee}"},
};

static const struct column cert_cols[] = {
    {"№", "n", 6, ALIGN_RIGHT},
    {"Код товара", "code", 15, ALIGN_LEFT},
    {"Наименование товара", "name", 54, ALIGN_LEFT},
    {"Партия", "batch", 18, ALIGN_LEFT},
    {"Дата изготовления", "produced", 18, ALIGN_LEFT},
    {"Годен до", "expires", 18, ALIGN_LEFT},
    {"Сертификат качества, декларация о соответствии", "certificate", 50, ALIGN_LEFT},
};

static const struct para cert_statement[] = {
    {FONT_BODY, "Продукция изготовлена и соответствует требованиям технических регламентов "
                "Таможенного союза и нормативной документации изготовителя. Сертификаты "
                "качества и декларации о соответствии предоставляются по запросу."},
};

static const struct para cert_signs_left[] = {
    {FONT_BODY, "Ответственный за качество ______________ / ________________"},
    {FONT_SMALL, "М. П."},
};

static const struct para cert_signs_right[] = {
    {FONT_BODY, "Дата: {date}"},
};

static const struct block cert_end = {
    .across = cert_statement,
    .nacross = ARRAY_SIZE(cert_statement),
    .left = cert_signs_left,
    .nleft = ARRAY_SIZE(cert_signs_left),
    .right = cert_signs_right,
    .nright = ARRAY_SIZE(cert_signs_right),
};

static void quality_cert(struct sheet *s, const struct doc *d)
{
    static const struct table t = {.cols = cert_cols, .ncols = ARRAY_SIZE(cert_cols)};
    sheet_title(s, cert_title, ARRAY_SIZE(cert_title));
    sheet_fields(s, cert_fields, ARRAY_SIZE(cert_fields), FIELD_LABEL_W);
    table_begin(s, &t);
    rows(s, d, "lines");
    table_end(s);
    sheet_block(s, &cert_end);
}

/* ukd: a correction of a sales document (корректировочный счёт-фактура, decreases only: the
 * goods the client refused struck off), a line per line struck with before, after and the
 * decrease. */

static const struct para ukd_title[] = {
    {FONT_TITLE, "Корректировочный счёт-фактура № {number} от {date} (1)"},
    {FONT_HEADING, "к счёту-фактуре (УПД) № {document_number} от {document_date} (1а)"},
    {FONT_SMALL, "Уменьшение стоимости отгруженных товаров: вычерки при приёмке"},
};

static const struct field ukd_fields[] = {
    {"Продавец (2)", "{seller_name}"},
    {"Адрес (2а)", "{seller_address}"},
    {"ИНН/КПП продавца (2б)", "{seller_inn}/{seller_kpp}"},
    {"Покупатель (3)", "{buyer_name}"},
    {"Адрес (3а)", "{buyer_address}"},
    {"ИНН/КПП покупателя (3б)", "{buyer_inn}/{buyer_kpp}"},
    {"Валюта: наименование, код (4)", "Российский рубль, 643"},
    {"Всего по документу с налогом", "до {amount_before}, после {amount_after}"},
};

static const struct column ukd_cols[] = {
    {"№ п/п", "n", 8, ALIGN_RIGHT},
    {"Наименование товара (1)", "name", 36, ALIGN_LEFT},
    {"Ед. изм. (2)", "unit", 8, ALIGN_LEFT},
    {"Кол-во до (3А)", "qty_before", 13, ALIGN_RIGHT},
    {"Кол-во после (3Б)", "qty_after", 13, ALIGN_RIGHT},
    {"Цена с налогом (4)", "price", 15, ALIGN_RIGHT},
    {"Стоимость с налогом до (9А)", "amount_before", 17, ALIGN_RIGHT},
    {"Стоимость с налогом после (9Б)", "amount_after", 17, ALIGN_RIGHT},
    {"Уменьшение (9Г)", "decrease", 19, ALIGN_RIGHT},
    {"в т. ч. налог (8Г)", "vat_decrease", 15, ALIGN_RIGHT},
    {"Причина", "reason", 29, ALIGN_LEFT},
};

static const char *const ukd_totals[] = {
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    "{lines_before}",
    "{lines_after}",
    "{decrease}",
    "{vat_decrease}",
    NULL,
};
_Static_assert(ARRAY_SIZE(ukd_totals) == ARRAY_SIZE(ukd_cols), "a totals cell per column");

static const struct para ukd_seller_signs[] = {
    {FONT_BODY, "Руководитель организации или иное уполномоченное лицо"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_BODY, "Главный бухгалтер или иное уполномоченное лицо"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_SMALL, "(подпись, ф. и. о.)"},
};

static const struct para ukd_buyer_signs[] = {
    {FONT_BODY, "С изменением стоимости согласен, покупатель"},
    {FONT_BODY, "____________________ / ______________________"},
    {FONT_SMALL, "(должность, подпись, ф. и. о.)"},
    {FONT_BODY, "Дата: «____» ______________ 20____ г."},
    {FONT_SMALL, "М. П."},
};

static const struct block ukd_end = {
    .left = ukd_seller_signs,
    .nleft = ARRAY_SIZE(ukd_seller_signs),
    .right = ukd_buyer_signs,
    .nright = ARRAY_SIZE(ukd_buyer_signs),
};

static void ukd(struct sheet *s, const struct doc *d)
{
    static const struct table t = {.cols = ukd_cols, .ncols = ARRAY_SIZE(ukd_cols)};
    sheet_title(s, ukd_title, ARRAY_SIZE(ukd_title));
    sheet_fields(s, ukd_fields, ARRAY_SIZE(ukd_fields), FIELD_LABEL_W);
    table_begin(s, &t);
    rows(s, d, "lines");
    table_total(s, "Всего", ukd_totals);
    table_end(s);
    sheet_block(s, &ukd_end);
}

static const struct form forms[] = {
    {"upd",
     "Универсальный передаточный документ: счёт-фактура № {number} от {date} "
     "(продолжение)",
     upd},
    {"tn", "Транспортная накладная № {number} от {date} (продолжение)", tn},
    {"packing_list", "Упаковочный лист № {number} от {date} (продолжение)", packing_list},
    {"quality_cert", "Реестр сертификатов качества к УПД № {number} от {date} (продолжение)",
     quality_cert},
    {"ukd", "Корректировочный счёт-фактура № {number} от {date} (продолжение)", ukd},
};

const struct form *form_find(const char *name)
{
    for (size_t i = 0; name && i < ARRAY_SIZE(forms); i++)
        if (strcmp(forms[i].name, name) == 0)
            return &forms[i];
    return NULL;
}
