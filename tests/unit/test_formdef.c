/* Unit tests: the .form parser: valid files read field by field, malformed ones rejected with
 * the exact "file:line: message", hostile bytes never crash it. */
#define _XOPEN_SOURCE 700 /* mkdtemp, chdir */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polka/formdef.h"
#include "polka/text.h"
#include "polka/util.h"

#define VALID_DIR UNIT_FORMS_DIR "/valid"
#define BAD_DIR   UNIT_FORMS_DIR "/bad"

static bool in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

static bool request_known(const char *name)
{
    static const char *const names[] = {"refresh", "save", NULL};
    return in_list(name, names);
}

static bool lookup_known(const char *name)
{
    static const char *const names[] = {"segment", "partner_kind", "contact", "contact_role", "x",
                                        NULL};
    return in_list(name, names);
}

static bool key_known(const char *name)
{
    static const char *const names[] = {"F2", "F5", "Enter", NULL};
    return in_list(name, names);
}

static bool screen_known(const char *name)
{
    static const char *const names[] = {"menu", "partners", "stock", "about", NULL};
    return in_list(name, names);
}

static const struct formdef_checks checks = {request_known, lookup_known, key_known, screen_known};

static struct form_def *parse_str(const char *text, const struct formdef_checks *c, char *err,
                                  size_t errlen)
{
    return formdef_parse("t.form", text, strlen(text), c, err, errlen);
}

static void test_valid_full(void **state)
{
    (void)state;
    char err[512] = "x";
    struct form_def *f = formdef_load(VALID_DIR "/full.form", NULL, err, sizeof(err));
    if (!f)
        fail_msg("%s", err);
    assert_string_equal(err, "");
    assert_string_equal(f->name, "full");
    assert_string_equal(f->file, VALID_DIR "/full.form");
    assert_string_equal(f->title, "Карточка партнёра");
    assert_string_equal(f->help, "Keys: F5 \"refresh\", \\ backslash");
    assert_int_equal(f->labelwidth, 0);

    assert_int_equal(f->nfields, 5);
    const struct form_field *x = &f->fields[0];
    assert_string_equal(x->name, "code");
    assert_string_equal(x->label, "Code");
    assert_null(x->lookup);
    assert_null(x->help);
    assert_int_equal(x->type, FT_TEXT);
    assert_int_equal(x->row, 0);
    assert_int_equal(x->col, 1);
    assert_int_equal(x->width, 10);
    assert_int_equal(x->max, 200); /* default */
    assert_true(x->readonly);
    assert_false(x->required);
    assert_false(x->hidden);
    assert_false(x->secret);
    assert_int_equal(x->line, 4);

    x = formdef_field(f, "inn");
    assert_ptr_equal(x, &f->fields[1]);
    assert_string_equal(x->label, "ИНН # not a comment");
    assert_int_equal(x->type, FT_INN);
    assert_int_equal(x->row, 3);
    assert_int_equal(x->width, 12);
    assert_int_equal(x->max, 12);
    assert_true(x->required);
    assert_false(x->readonly);
    assert_int_equal(x->line, 5);

    x = formdef_field(f, "kind");
    assert_string_equal(x->label, "");
    assert_int_equal(x->type, FT_CHOICE);
    assert_string_equal(x->lookup, "partner_kind");
    assert_string_equal(x->help, "Kind of partner");

    x = formdef_field(f, "password");
    assert_null(x->label);
    assert_int_equal(x->row, 9999);
    assert_int_equal(x->col, 9999);
    assert_int_equal(x->width, 200);
    assert_int_equal(x->max, 10000);
    assert_true(x->secret);
    assert_true(x->hidden);

    x = formdef_field(f, "amount");
    assert_int_equal(x->type, FT_MONEY);
    assert_int_equal(x->row, 0);
    assert_int_equal(x->col, 0);
    assert_int_equal(x->width, 1);

    assert_int_equal(f->ngrids, 2);
    const struct form_grid *g = formdef_grid(f, "contacts");
    assert_ptr_equal(g, &f->grids[0]);
    assert_string_equal(g->label, "Контакты");
    assert_string_equal(g->lookup, "contact");
    assert_int_equal(g->row, 10);
    assert_int_equal(g->col, 0);
    assert_int_equal(g->height, 6);
    assert_int_equal(g->line, 9);
    assert_int_equal(g->ncols, 3);
    assert_string_equal(g->cols[0].name, "full_name");
    assert_string_equal(g->cols[0].title, "ФИО");
    assert_int_equal(g->cols[0].width, 24);
    assert_int_equal(g->cols[0].max, 200);
    assert_true(g->cols[0].required);
    assert_false(g->cols[0].readonly);
    assert_string_equal(g->cols[1].lookup, "contact_role");
    assert_int_equal(g->cols[1].type, FT_CHOICE);
    assert_true(g->cols[1].readonly);
    assert_false(g->cols[1].right);
    assert_null(g->cols[2].title);
    assert_int_equal(g->cols[2].type, FT_MONEY);
    assert_true(g->cols[2].right);

    g = formdef_grid(f, "points");
    assert_int_equal(g->height, 200);
    assert_null(g->label);
    assert_null(g->lookup);
    assert_int_equal(g->ncols, 1);
    assert_int_equal(g->cols[0].type, FT_GLN);

    assert_int_equal(f->nbinds, 2);
    assert_string_equal(f->binds[0].key, "F5");
    assert_string_equal(f->binds[0].request, "refresh");
    assert_int_equal(f->binds[0].line, 15);
    assert_string_equal(f->binds[1].key, "F2");
    assert_string_equal(f->binds[1].request, "save");

    assert_int_equal(f->nitems, 3);
    assert_string_equal(f->items[0].label, "Partners");
    assert_string_equal(f->items[0].screen, "partners");
    assert_string_equal(f->items[0].roles, "operator,manager");
    assert_int_equal(f->items[0].hotkey, '1');
    assert_int_equal(f->items[0].line, 17);
    assert_string_equal(f->items[1].label, "Склад");
    assert_string_equal(f->items[1].roles, "");
    assert_int_equal(f->items[1].hotkey, '#');
    assert_null(f->items[2].roles);
    assert_int_equal(f->items[2].hotkey, 0);

    assert_null(formdef_field(f, "contacts")); /* a grid, not a field */
    assert_null(formdef_grid(f, "inn"));
    assert_null(formdef_field(f, NULL));
    assert_null(formdef_field(NULL, "inn"));
    assert_null(formdef_grid(NULL, "points"));
    formdef_free(&f);
    assert_null(f);
    formdef_free(&f); /* NULL is fine */
    formdef_free(NULL);
}

static void test_valid_small(void **state)
{
    (void)state;
    char err[256];
    struct form_def *f = formdef_load(VALID_DIR "/no_newline.form", NULL, err, sizeof(err));
    if (!f)
        fail_msg("%s", err);
    assert_int_equal(f->nfields, 1);
    assert_int_equal(f->fields[0].width, 3);
    assert_int_equal(f->fields[0].line, 2);
    assert_int_equal(f->labelwidth, 16); /* default */
    assert_null(f->help);
    formdef_free(&f);

    f = formdef_load(VALID_DIR "/types.form", NULL, err, sizeof(err));
    if (!f)
        fail_msg("%s", err);
    assert_int_equal(f->nfields, FT_CHOICE + 1);
    for (size_t i = 0; i < f->nfields; i++) {
        assert_int_equal(f->fields[i].type, (enum field_type)i);
        assert_string_equal(f->fields[i].name + 2, formdef_type_name((enum field_type)i));
    }
    formdef_free(&f);

    /* The minimum: one statement, no newline; the file name is free with formdef_parse. */
    f = formdef_parse("anything.form", "form name=x", 11, NULL, err, sizeof(err));
    assert_non_null(f);
    assert_string_equal(f->name, "x");
    assert_null(f->title);
    assert_int_equal(f->nfields + f->ngrids + f->nbinds + f->nitems, 0);
    formdef_free(&f);

    /* A look-up narrowed by a field above it. */
    f = parse_str("form name=x\nfield name=c width=3 type=choice lookup=client\n"
                  "field name=p width=3 type=choice lookup=point lookup_by=c\n",
                  NULL, err, sizeof(err));
    if (!f)
        fail_msg("%s", err);
    assert_null(f->fields[0].lookup_by);
    assert_string_equal(f->fields[1].lookup_by, "c");
    formdef_free(&f);

    /* Exactly 4096 bytes is still a line. */
    char line[4200];
    memset(line, 0, sizeof(line));
    strcpy(line, "form name=x #");
    memset(line + strlen(line), 'a', 4096 - strlen(line));
    assert_int_equal(strlen(line), 4096);
    strcat(line, "\n");
    f = parse_str(line, NULL, err, sizeof(err));
    if (!f)
        fail_msg("%s", err);
    formdef_free(&f);
}

static void test_types(void **state)
{
    (void)state;
    for (int t = FT_TEXT; t <= FT_CHOICE; t++) {
        const char *name = formdef_type_name((enum field_type)t);
        assert_non_null(name);
        assert_int_equal(formdef_type_parse(name), t);
    }
    assert_string_equal(formdef_type_name(FT_INN), "inn");
    assert_null(formdef_type_name((enum field_type)(FT_CHOICE + 1)));
    assert_null(formdef_type_name((enum field_type) - 1));
    assert_int_equal(formdef_type_parse("innn"), -1);
    assert_int_equal(formdef_type_parse("INN"), -1);
    assert_int_equal(formdef_type_parse(""), -1);
    assert_int_equal(formdef_type_parse(NULL), -1);
}

#define H "form name=t\n" /* so that the statement under test is on line 2 */
#define G "grid name=g height=2\ncolumn grid=g name=id width=3\n" /* lines 2 and 3 */

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *text, *err;
    } cases[] = {
        {"", "t.form:1: no 'form' statement"},
        {"\n\n# only a comment\n", "t.form:1: no 'form' statement"},
        {"form\n", "t.form:1: form: missing name="},
        {"form name=t\nform name=u\n",
         "t.form:2: second 'form' statement (the first is on line 1)"},
        {"\n\nfield name=x width=3\n", "t.form:3: the first statement must be 'form', not 'field'"},
        {"fom name=t\n", "t.form:1: unknown statement 'fom'"},
        {"name=t\n", "t.form:1: a line must start with a statement keyword, not 'name='"},
        {"\"form\" name=t\n", "t.form:1: a line must start with a statement keyword"},
        {"=t\n", "t.form:1: '=' without an attribute name"},
        {"form name=t title\n", "t.form:1: form 't': attribute 'title' needs a value (title=...)"},
        {"form name=t labelwidth=61\n", "t.form:1: form 't': labelwidth=61 is out of range 0..60"},
        {"form name=t labelwidth=-1\n", "t.form:1: form 't': labelwidth=-1 is out of range 0..60"},
        {"form name=t labelwidth=1x\n", "t.form:1: form 't': labelwidth='1x' is not a number"},
        {"form name=t labelwidth=\n", "t.form:1: form 't': labelwidth='' is not a number"},
        {"form name=t labelwidth=+5\n", "t.form:1: form 't': labelwidth='+5' is not a number"},
        {"form name=t labelwidth=99999999999999999999\n",
         "t.form:1: form 't': labelwidth='99999999999999999999' is not a number"},
        {"form name=t colour=red\n", "t.form:1: form 't': unknown attribute 'colour'"},
        {H "field name=p width=3 lookup=segment lookup_by=client_id\n",
         "t.form:2: field 'p': lookup_by names no field declared above: 'client_id'"},
        {H "field name=c width=3\nfield name=p width=3 lookup_by=c\n",
         "t.form:3: field 'p': lookup_by= needs lookup="},
        {"form name=t name=u\n", "t.form:1: form 't': duplicate attribute 'name'"},
        {"form name=bad-name\n",
         "t.form:1: form 'bad-name': name='bad-name' is not a valid name (letters, digits, '_')"},
        {"form name=\"\"\n", "t.form:1: form: name='' is not a valid name (letters, digits, '_')"},
        /* lexing */
        {H "field name=x width=3 \"label\"\n",
         "t.form:2: quoted text without an attribute name (name=\"...\")"},
        {H "field name=x width=3 =5\n", "t.form:2: '=' without an attribute name"},
        {H "field name=x width=3 label=a\"b\"\n",
         "t.form:2: unexpected quote in a value (quote the whole value)"},
        {H "field name=x width=3 la\"bel\n", "t.form:2: unexpected quote in 'la\"'"},
        {H "field name=x width=3 label=\"a\"b\n",
         "t.form:2: a space must follow the closing quote"},
        {H "field name=x width=3 label=\"a\\nb\"\n",
         "t.form:2: unknown escape '\\n' (only \\\" and \\\\)"},
        {H "field name=x width=3 label=\"a\\Жb\"\n",
         "t.form:2: unknown escape '\\Ж' (only \\\" and \\\\)"},
        {H "field name=x width=3 label=\"a\\", "t.form:2: unterminated quoted value"},
        {H "field name=x width=3 label=\"a\\\"\n", "t.form:2: unterminated quoted value"},
        {H "field name=x width=3 label=\"a\tb\"\n", "t.form:2: tab inside a quoted value"},
        {H "\xFF\n", "t.form:2: invalid UTF-8 at byte 1"},
        {H "field \xC0\x80\n", "t.form:2: invalid UTF-8 at byte 7"},
        {H "field name=x width=3 # comment \xFF\n", "t.form:2: invalid UTF-8 at byte 32"},
        {H "field name=x width=3 label=\"\xD0\"\n", "t.form:2: invalid UTF-8 at byte 29"},
        {H "field name=x width=3\x1B[31m\n", "t.form:2: control character U+001B at byte 21"},
        {H "field name=x width=3 label=\"\xC2\x85\"\n",
         "t.form:2: control character U+0085 at byte 29"},
        {H "field name=x width=3 label=\"\x7F\"\n",
         "t.form:2: control character U+007F at byte 29"},
        {H "field name=x width=3\r\n",
         "t.form:2: carriage return (CR): save the file with Unix line ends"},
        {H "\f\n", "t.form:2: control character U+000C at byte 1"},
        /* field */
        {H "field name=x width=0\n", "t.form:2: field 'x': width=0 is out of range 1..200"},
        {H "field name=x width=201\n", "t.form:2: field 'x': width=201 is out of range 1..200"},
        {H "field name=x\n", "t.form:2: field 'x': missing width="},
        {H "field width=3\n", "t.form:2: field: missing name="},
        {H "field name=x width=3 max=0\n", "t.form:2: field 'x': max=0 is out of range 1..10000"},
        {H "field name=x width=3 max=10001\n",
         "t.form:2: field 'x': max=10001 is out of range 1..10000"},
        {H "field name=x width=3 row=-1\n", "t.form:2: field 'x': row=-1 is out of range 0..9999"},
        {H "field name=x width=3 col=10000\n",
         "t.form:2: field 'x': col=10000 is out of range 0..9999"},
        {H "field name=x width=3 required=yes\n",
         "t.form:2: field 'x': flag 'required' takes no value"},
        {H "field name=x width=3 required required\n",
         "t.form:2: field 'x': duplicate attribute 'required'"},
        {H "field name=x width=3 right\n", "t.form:2: field 'x': unknown attribute 'right'"},
        {H "field name=x width=3 type=\n", "t.form:2: field 'x': type= must not be empty"},
        {H "field name=x width=3 type=TEXT\n", "t.form:2: field 'x': unknown type 'TEXT'"},
        {H "field name=inn width=12 type=innn\n", "t.form:2: field 'inn': unknown type 'innn'"},
        {H "field name=x width=3 lookup=nosuch\n", "t.form:2: field 'x': unknown lookup 'nosuch'"},
        {H "field name=x width=3 lookup=\n", "t.form:2: field 'x': lookup= must not be empty"},
        {H "field name=x width=3 type=choice\n", "t.form:2: field 'x': type=choice needs lookup="},
        {H "field name=1x width=3\n",
         "t.form:2: field '1x': name='1x' is not a valid name (letters, digits, '_')"},
        {H "field name=поле width=3\n",
         "t.form:2: field 'поле': name='поле' is not a valid name (letters, digits, '_')"},
        {H "field name=x width=3\n\n# gap\nfield name=x width=4\n",
         "t.form:5: field 'x': name already used by the field on line 2"},
        {H "grid name=g height=1\nfield name=g width=3\n",
         "t.form:3: field 'g': name already used by the grid on line 2"},
        /* grid and column */
        {H "field name=g width=3\ngrid name=g height=1\n",
         "t.form:3: grid 'g': name already used by the field on line 2"},
        {H "grid name=g height=0\n", "t.form:2: grid 'g': height=0 is out of range 1..200"},
        {H "grid name=g height=201\n", "t.form:2: grid 'g': height=201 is out of range 1..200"},
        {H "grid name=g\n", "t.form:2: grid 'g': missing height="},
        {H "grid name=g height=2 width=3\n", "t.form:2: grid 'g': unknown attribute 'width'"},
        {H "grid name=g height=2 lookup=nosuch\n", "t.form:2: grid 'g': unknown lookup 'nosuch'"},
        {H "column grid=g name=c width=3\n", "t.form:2: column 'c': no grid 'g' declared above"},
        {H "field name=g width=3\ncolumn grid=g name=c width=3\n",
         "t.form:3: column 'c': no grid 'g' declared above"},
        {H "grid name=g height=2\ncolumn grid=g name=c width=3\ncolumn grid=g name=c width=4\n",
         "t.form:4: column 'c': grid 'g' already has a column 'c'"},
        {H "grid name=g height=2\ncolumn grid=g name=c\n", "t.form:3: column 'c': missing width="},
        {H "grid name=g height=2\ncolumn name=c width=3\n", "t.form:3: column 'c': missing grid="},
        {H "grid name=g height=2\ncolumn grid=g width=3\n", "t.form:3: column: missing name="},
        {H "grid name=g height=2\ncolumn grid=g name=c width=3 type=choice\n",
         "t.form:3: column 'c': type=choice needs lookup="},
        {H "grid name=g height=2\ncolumn grid=g name=c width=3 type=date2\n",
         "t.form:3: column 'c': unknown type 'date2'"},
        {H "grid name=g height=2\ncolumn grid=g name=c width=3 secret\n",
         "t.form:3: column 'c': unknown attribute 'secret'"},
        {H "grid name=g height=2\ncolumn grid=g name=c width=3 lookup=nosuch\n",
         "t.form:3: column 'c': unknown lookup 'nosuch'"},
        /* bind */
        {H "bind key=F5\n", "t.form:2: bind 'F5': missing request="},
        {H "bind request=refresh\n", "t.form:2: bind: missing key="},
        {H "bind key=F55 request=refresh\n", "t.form:2: bind 'F55': unknown key 'F55'"},
        {H "bind key=F5 request=explode\n", "t.form:2: bind 'F5': unknown request 'explode'"},
        {H "bind key=F5 request=refresh\nbind key=F5 request=save\n",
         "t.form:3: bind 'F5': key 'F5' is already bound on line 2"},
        {H "bind key= request=save\n", "t.form:2: bind: key= must not be empty"},
        /* item */
        {H "item label=X\n", "t.form:2: item 'X': missing screen="},
        {H "item screen=menu\n", "t.form:2: item: missing label="},
        {H "item label= screen=menu\n", "t.form:2: item: label= must not be empty"},
        {H "item label=X screen=nosuchscreen\n",
         "t.form:2: item 'X': unknown screen 'nosuchscreen'"},
        {H "item label=X screen=menu hotkey=12\n",
         "t.form:2: item 'X': hotkey='12' must be one ASCII character"},
        {H "item label=X screen=menu hotkey=Ж\n",
         "t.form:2: item 'X': hotkey='Ж' must be one ASCII character"},
        {H "item label=X screen=menu hotkey=\n",
         "t.form:2: item 'X': hotkey='' must be one ASCII character"},
        {H "item label=X screen=menu hotkey=\" \"\n",
         "t.form:2: item 'X': hotkey=' ' must be one ASCII character"},
        {H "item label=X screen=menu hotkey=1\nitem label=Y screen=menu hotkey=1\n",
         "t.form:3: item 'Y': hotkey '1' is already used on line 2"},
        {H "item label=X screen=menu roles=a,,b\n",
         "t.form:2: item 'X': roles='a,,b' must be names separated by commas"},
        {H "item label=X screen=menu roles=a,\n",
         "t.form:2: item 'X': roles='a,' must be names separated by commas"},
        {H "item label=X screen=menu roles=\"a, b\"\n",
         "t.form:2: item 'X': roles='a, b' must be names separated by commas"},
        {H "item label=\"Склад\" screen=menu flag\n",
         "t.form:2: item 'Склад': unknown attribute 'flag'"},
        /* list */
        {H "list grid=g\n", "t.form:2: list: missing function="},
        {H "list function=f\n", "t.form:2: list 'f': missing grid="},
        {H "list function=f grid=g\n",
         "t.form:2: list 'f': grid 'g' with its columns must be declared above"},
        {H G "list function=\"f; drop\" grid=g\n",
         "t.form:4: list 'f; drop': function='f; drop' is not a valid name (letters, digits, '_')"},
        {H G "list function=f grid=g limit=0\n",
         "t.form:4: list 'f': limit=0 is out of range 1..10000"},
        {H G "list function=f grid=g open=nosuch\n", "t.form:4: list 'f': unknown screen 'nosuch'"},
        {H G "list function=f grid=g new=nosuch\n", "t.form:4: list 'f': unknown screen 'nosuch'"},
        {H G "list function=f grid=g\nlist function=f grid=g\n",
         "t.form:5: list 'f': second 'list' statement (the first is on line 4)"},
        {H G "report function=f grid=g\nlist function=f grid=g\n",
         "t.form:5: list 'f': a form is a card, a report or a list, only one of them"},
        {H G "list function=f grid=g\nreport function=f grid=g\n",
         "t.form:5: report 'f': a form is a card, a report or a list, only one of them"},
        {H "card get=g\n", "t.form:2: card 'g': missing save="},
        {H "card save=s\n", "t.form:2: card: missing get="},
        {H "card get=\"g()\" save=s\n",
         "t.form:2: card 'g()': get='g()' is not a valid name (letters, digits, '_')"},
        {H "card get=g save=s edit=\"planner,,head\"\n",
         "t.form:2: card 'g': edit='planner,,head' must be role names separated by commas"},
        {H "card get=g save=s\ncard get=g save=s\n",
         "t.form:3: card 'g': second 'card' statement (the first is on line 2)"},
        {H G "card get=g save=s\nlist function=f grid=g\n",
         "t.form:5: list 'f': a form is a card, a report or a list, only one of them"},
        {H G "list function=f grid=g\ncard get=g save=s\n",
         "t.form:5: card 'g': a form is a card, a report or a list, only one of them"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char err[512];
        memset(err, 'x', sizeof(err));
        struct form_def *f = parse_str(cases[i].text, &checks, err, sizeof(err));
        if (f) {
            formdef_free(&f);
            fail_msg("case %zu accepted, expected \"%s\"", i, cases[i].err);
        }
        if (strcmp(err, cases[i].err) != 0)
            fail_msg("case %zu:\n  got      \"%s\"\n  expected \"%s\"", i, err, cases[i].err);
    }
}

static void test_long_line_and_nul(void **state)
{
    (void)state;
    char err[256];
    size_t n = strlen(H) + 4097 + 1;
    char *text = malloc(n + 1);
    strcpy(text, H);
    memset(text + strlen(H), '#', 4097);
    strcpy(text + n - 1, "\n");
    assert_null(parse_str(text, NULL, err, sizeof(err)));
    assert_string_equal(err, "t.form:2: line is longer than 4096 bytes");
    free(text);

    static const char nul[] = H "field name=x width=3\0 label=y\n";
    assert_null(formdef_parse("t.form", nul, sizeof(nul) - 1, NULL, err, sizeof(err)));
    assert_string_equal(err, "t.form:2: control character U+0000 at byte 21");

    /* len is honoured: what lies beyond it is never read. */
    static const char cut[] = "form name=t\nfield name=x width=3 GARBAGE";
    struct form_def *f = formdef_parse("t.form", cut, strlen("form name=t\nfield name=x width=3"),
                                       NULL, err, sizeof(err));
    assert_non_null(f);
    formdef_free(&f);
    assert_null(formdef_parse("t.form", NULL, 0, NULL, err, sizeof(err)));
    assert_string_equal(err, "t.form:1: no 'form' statement");
}

/* The checks are optional, callback by callback. */
static void test_checks_optional(void **state)
{
    (void)state;
    static const char text[] = "form name=t\nfield name=x width=3 lookup=nosuch\n"
                               "bind key=F99 request=nosuch\nitem label=X screen=nosuch\n";
    char err[256];
    struct form_def *f = parse_str(text, NULL, err, sizeof(err));
    if (!f)
        fail_msg("%s", err);
    formdef_free(&f);
    static const struct formdef_checks none = {0};
    f = parse_str(text, &none, err, sizeof(err));
    assert_non_null(f);
    formdef_free(&f);
    static const struct formdef_checks only_screens = {.screen_known = screen_known};
    assert_null(parse_str(text, &only_screens, err, sizeof(err)));
    assert_string_equal(err, "t.form:4: item 'X': unknown screen 'nosuch'");
}

static char *first_line(const char *s)
{
    size_t n = strcspn(s, "\r\n");
    return xstrndup(s, n);
}

/* Each file in forms/bad says in its first line what the parser must answer. */
static void test_bad_files(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(BAD_DIR), 0); /* so that messages carry the bare file name */
    DIR *d = opendir(".");
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (!strstr(e->d_name, ".form"))
            continue;
        size_t len;
        char *text = util_read_file(e->d_name, &len);
        assert_non_null(text);
        if (strncmp(text, "# expect: ", 10) != 0)
            fail_msg("%s: first line must be '# expect: <message>'", e->d_name);
        char *expect = first_line(text + 10);
        char err[512];
        struct form_def *f = formdef_load(e->d_name, &checks, err, sizeof(err));
        if (f)
            fail_msg("%s was accepted", e->d_name);
        if (strcmp(err, expect) != 0)
            fail_msg("%s:\n  got      \"%s\"\n  expected \"%s\"", e->d_name, err, expect);
        free(expect);
        free(text);
        n++;
    }
    closedir(d);
    assert_int_equal(chdir(cwd), 0);
    assert_true(n >= 12);
}

static void test_formset(void **state)
{
    (void)state;
    char err[512];
    struct form_set set;
    if (!formset_load(&set, VALID_DIR, &checks, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(set.n, 3);
    assert_string_equal(set.forms[0]->name, "full"); /* sorted by name */
    assert_string_equal(set.forms[1]->name, "no_newline");
    assert_string_equal(set.forms[2]->name, "types");
    assert_ptr_equal(formset_get(&set, "types"), set.forms[2]);
    assert_null(formset_get(&set, "nosuch"));
    assert_null(formset_get(&set, NULL));
    formset_free(&set);
    assert_null(set.forms);
    assert_int_equal(set.n, 0);
    formset_free(&set);

    /* One broken file: nothing is kept, and the message names the first broken file. */
    memset(&set, 0xAB, sizeof(set));
    assert_false(formset_load(&set, BAD_DIR, &checks, err, sizeof(err)));
    assert_null(set.forms);
    assert_int_equal(set.n, 0);
    assert_string_equal(err, BAD_DIR "/bad_type.form:4: field 'inn': unknown type 'innn'");

    assert_false(formset_load(&set, UNIT_FORMS_DIR "/nosuch", NULL, err, sizeof(err)));
    assert_string_equal(err, UNIT_FORMS_DIR "/nosuch: No such file or directory");
    assert_null(set.forms);

    char dir[] = "/tmp/polka-forms-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_true(formset_load(&set, dir, NULL, err, sizeof(err)));
    assert_int_equal(set.n, 0);
    formset_free(&set);
    rmdir(dir);

    assert_null(formdef_load("/nonexistent/x.form", NULL, err, sizeof(err)));
    assert_string_equal(err, "/nonexistent/x.form: No such file or directory");
}

/* The application's own forms parse (the screens' name checks are the app's own test). */
static void write_form(const char *dir, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s.form", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static void remove_forms(const char *dir, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        char *path = xasprintf("%s/%s.form", dir, names[i]);
        unlink(path);
        free(path);
    }
    rmdir(dir);
}

/* In a set, a list form is a screen: menus and lists may name it though no screen of that name
 * is registered; a name neither registered nor a list form is refused with its file and line. */
static void test_formset_list_screens(void **state)
{
    (void)state;
    char dir[] = "/tmp/polka-forms-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_form(dir, "clients",
               "form name=clients\nfield name=q width=10\ngrid name=list height=5\n"
               "column grid=list name=id width=5\ncolumn grid=list name=name width=20\n"
               "list function=client_list grid=list open=stock new=clients limit=50\n");
    write_form(dir, "start", "form name=start\nitem label=Clients screen=clients\n");
    char err[512];
    struct form_set set;
    if (!formset_load(&set, dir, &checks, err, sizeof(err)))
        fail_msg("%s", err);
    const struct form_def *c = formset_get(&set, "clients");
    assert_non_null(c->list);
    assert_string_equal(c->list->function, "client_list");
    assert_string_equal(c->list->grid, "list");
    assert_string_equal(c->list->open, "stock");
    assert_string_equal(c->list->key, "id"); /* the default */
    assert_string_equal(c->list->new_screen, "clients");
    assert_int_equal(c->list->limit, 50);
    assert_null(formset_get(&set, "start")->list);
    formset_free(&set);

    write_form(dir, "start",
               "form name=start\nitem label=Clients screen=clients\n"
               "item label=Trips screen=trips\n");
    assert_false(formset_load(&set, dir, &checks, err, sizeof(err)));
    char *want = xasprintf("%s/start.form:3: item 'Trips': unknown screen 'trips'", dir);
    assert_string_equal(err, want);
    free(want);
    assert_null(set.forms);

    write_form(dir, "start", "form name=start\n");
    write_form(dir, "clients",
               "form name=clients\ngrid name=list height=5\ncolumn grid=list name=id width=5\n"
               "list function=client_list grid=list open=trip_card\n");
    assert_false(formset_load(&set, dir, &checks, err, sizeof(err)));
    want = xasprintf("%s/clients.form:4: list 'client_list': unknown screen 'trip_card'", dir);
    assert_string_equal(err, want);
    free(want);
    static const char *const names[] = {"clients", "start", NULL};
    remove_forms(dir, names);
}

static void test_project_forms(void **state)
{
    (void)state;
    char err[512];
    struct form_set set;
    if (!formset_load(&set, POLKA_FORMS_DIR, NULL, err, sizeof(err)))
        fail_msg("%s", err);
    assert_true(set.n > 0);
    for (size_t i = 0; i < set.n; i++)
        assert_ptr_equal(formset_get(&set, set.forms[i]->name), set.forms[i]);
    formset_free(&set);
}

/* A short err buffer gets a prefix of the message, NUL-terminated and never a half letter. */
static void test_err_buffer(void **state)
{
    (void)state;
    static const char text[] = H "field name=поле_x width=3\n";
    char full[512];
    assert_null(parse_str(text, NULL, full, sizeof(full)));
    for (size_t n = 1; n <= strlen(full) + 1; n++) {
        char err[512];
        memset(err, 'x', sizeof(err));
        assert_null(parse_str(text, NULL, err, n));
        size_t len = strlen(err);
        assert_true(len < n);
        assert_int_equal(err[n], 'x'); /* nothing written past n */
        assert_memory_equal(err, full, len);
        if (!text_utf8_valid(err, len))
            fail_msg("errlen %zu: \"%s\" is cut inside a character", n, err);
        if (n == strlen(full) + 1)
            assert_string_equal(err, full);
    }
    assert_null(parse_str(text, NULL, NULL, 0)); /* no buffer at all */
    char one = 'x';
    assert_null(parse_str(text, NULL, &one, 0));
    assert_int_equal(one, 'x');
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

/* Either a form or a message starting with "t.form:<line>:", valid UTF-8. */
static void parse_hostile(const char *text, size_t len)
{
    char err[300];
    memset(err, 'x', sizeof(err));
    struct form_def *f = formdef_parse("t.form", text, len, &checks, err, sizeof(err));
    if (f) {
        formdef_free(&f);
        return;
    }
    int line = 0;
    if (sscanf(err, "t.form:%d:", &line) != 1 || line < 1)
        fail_msg("no file:line prefix in \"%s\"", err);
    if (!memchr(err, '\0', sizeof(err)) || !text_utf8_valid(err, strlen(err)))
        fail_msg("broken message");
}

/* A small in-process fuzzer (the libFuzzer target in tests/fuzz goes further): every prefix
 * of a valid file, then random mutations of it, deterministic by seed. */
static void test_hostile_bytes(void **state)
{
    (void)state;
    size_t len;
    char *seed = util_read_file(VALID_DIR "/full.form", &len);
    assert_non_null(seed);
    for (size_t n = 0; n <= len; n++) {
        char *copy = xstrndup(seed, n); /* exact-size buffer: ASan sees any overread */
        parse_hostile(copy, n);
        free(copy);
    }
    static const char *const splices[] = {"\"",
                                          "\\",
                                          "=",
                                          "#",
                                          "\n",
                                          "\t",
                                          " ",
                                          "\xFF",
                                          "\xD0",
                                          "\r",
                                          "form name=t\n",
                                          "field ",
                                          "column grid=contacts ",
                                          "width=",
                                          "required",
                                          "type=choice",
                                          "\"\\\"",
                                          "\0"};
    for (int round = 0; round < 20000; round++) {
        struct strbuf sb = {0};
        strbuf_add(&sb, seed, len);
        int edits = 1 + (int)(next_rand() % 8);
        for (int e = 0; e < edits && sb.len > 0; e++) {
            size_t pos = next_rand() % sb.len;
            switch (next_rand() % 4) {
            case 0: /* flip a byte */
                sb.buf[pos] = (char)next_rand();
                break;
            case 1: /* cut */
                sb.len = pos;
                sb.buf[pos] = '\0';
                break;
            case 2: { /* insert a piece of syntax */
                const char *piece = splices[next_rand() % ARRAY_SIZE(splices)];
                size_t pl = *piece ? strlen(piece) : 1;
                struct strbuf t = {0};
                strbuf_add(&t, sb.buf, pos);
                strbuf_add(&t, piece, pl);
                strbuf_add(&t, sb.buf + pos, sb.len - pos);
                strbuf_release(&sb);
                sb = t;
                break;
            }
            default: { /* delete a run */
                size_t n = next_rand() % 16;
                if (n > sb.len - pos)
                    n = sb.len - pos;
                memmove(sb.buf + pos, sb.buf + pos + n, sb.len - pos - n + 1);
                sb.len -= n;
                break;
            }
            }
        }
        char *copy = xmalloc(sb.len ? sb.len : 1);
        memcpy(copy, sb.buf ? sb.buf : "", sb.len);
        parse_hostile(copy, sb.len); /* not NUL-terminated on purpose */
        free(copy);
        strbuf_release(&sb);
    }
    /* Pure noise. */
    for (int round = 0; round < 2000; round++) {
        char noise[512];
        size_t n = next_rand() % sizeof(noise);
        for (size_t i = 0; i < n; i++)
            noise[i] = (char)next_rand();
        char *copy = xmalloc(n ? n : 1);
        memcpy(copy, noise, n);
        parse_hostile(copy, n);
        free(copy);
    }
    free(seed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_full),
        cmocka_unit_test(test_valid_small),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_long_line_and_nul),
        cmocka_unit_test(test_checks_optional),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_formset),
        cmocka_unit_test(test_formset_list_screens),
        cmocka_unit_test(test_project_forms),
        cmocka_unit_test(test_err_buffer),
        cmocka_unit_test(test_hostile_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
