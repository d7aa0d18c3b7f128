/* lineedit.c: the field editor. Hand-written rather than formw: formw keeps its buffers in
 * bytes padded to the field width, gets the cursor wrong around double-width characters, and
 * would still need our own key scheme, validation and look-ups on top (see README). */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "polka/text.h"
#include "polka/util.h"
#include "ui_int.h"

static void reserve(struct lineedit *le, size_t n)
{
    if (n <= le->cap)
        return;
    le->cap = n < 16 ? 16 : n * 2;
    le->cps = xrealloc(le->cps, le->cap * sizeof(*le->cps));
}

void le_set(struct lineedit *le, const char *utf8)
{
    size_t len = utf8 ? strlen(utf8) : 0, i = 0;
    le->len = le->cur = le->scroll = 0;
    le->overflow = false;
    while (i < len) {
        uint32_t cp;
        i += text_decode(utf8 + i, len - i, &cp);
        if ((cp < 32 && cp != '\n') || cp == 0x7f) /* line breaks kept (shown as ¶) */
            continue;
        reserve(le, le->len + 1);
        le->cps[le->len++] = cp;
    }
    le->cur = le->len;
}

char *le_get(const struct lineedit *le)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < le->len; i++) {
        char b[4];
        strbuf_add(&sb, b, text_encode(le->cps[i], b));
    }
    return strbuf_detach(&sb);
}

bool le_event(struct lineedit *le, const struct ui_event *ev)
{
    le->overflow = false;
    switch (ev->req) {
    case REQ_CHAR:
        if (le->max > 0 && le->len >= (size_t)le->max) {
            le->overflow = true;
            return false;
        }
        reserve(le, le->len + 1);
        memmove(le->cps + le->cur + 1, le->cps + le->cur, (le->len - le->cur) * sizeof(*le->cps));
        le->cps[le->cur++] = ev->ch;
        le->len++;
        return true;
    case REQ_BACKSPACE:
        if (le->cur == 0)
            return false;
        le->cur--;
        /* fall through */
    case REQ_DELETE:
        if (le->cur >= le->len)
            return false;
        memmove(le->cps + le->cur, le->cps + le->cur + 1,
                (le->len - le->cur - 1) * sizeof(*le->cps));
        le->len--;
        return true;
    case REQ_LEFT:
        if (le->cur == 0)
            return false;
        le->cur--;
        return true;
    case REQ_RIGHT:
        if (le->cur >= le->len)
            return false;
        le->cur++;
        return true;
    case REQ_HOME:
        le->cur = 0;
        return true;
    case REQ_END:
        le->cur = le->len;
        return true;
    case REQ_CLEAR:
        le->len = le->cur = le->scroll = 0;
        return true;
    default:
        return false;
    }
}

static int cp_width(uint32_t cp)
{
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

void le_draw(struct lineedit *le, int row, int col, int width, bool active)
{
    if (width <= 0)
        return;
    /* Keep the cursor visible: scroll so that [scroll, cur] fits with room for the cursor. */
    if (le->cur < le->scroll)
        le->scroll = le->cur;
    for (;;) {
        int w = 0;
        for (size_t i = le->scroll; i < le->cur; i++)
            w += le->secret ? 1 : cp_width(le->cps[i]);
        if (w < width || le->scroll >= le->cur)
            break;
        le->scroll++;
    }
    struct strbuf sb = {0};
    int w = 0, cursor_x = 0;
    for (size_t i = le->scroll; i < le->len; i++) {
        int cw = le->secret ? 1 : cp_width(le->cps[i]);
        if (w + cw > width)
            break;
        if (i == le->cur)
            cursor_x = w;
        char b[4];
        uint32_t shown = le->cps[i] == '\n' ? 0xb6 : le->cps[i]; /* ¶ */
        strbuf_add(&sb, b, text_encode(le->secret ? '*' : shown, b));
        w += cw;
    }
    if (le->cur >= le->len)
        cursor_x = w;
    char *s = strbuf_detach(&sb);
    ui_text(row, col, width, s, active ? UA_ACTIVE : UA_FIELD);
    free(s);
    if (active)
        ui_cursor(row, col + (cursor_x < width ? cursor_x : width - 1));
}

void le_free(struct lineedit *le)
{
    xfree(&le->cps);
    le->len = le->cap = le->cur = le->scroll = 0;
}
