/* ui.h: the terminal toolkit. Only src/ui/ includes curses; screens draw and read input
 * through this header. Coordinates are (row, col) in terminal cells; text is UTF-8 and every
 * width is a display width. */
#ifndef POLKA_UI_H
#define POLKA_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "polka/request.h"

struct form_def;

enum ui_attr {
    UA_NORMAL,
    UA_BOLD,
    UA_SELECTED, /* the current row or item */
    UA_TITLE,    /* title and status bars */
    UA_FIELD,    /* an input area */
    UA_ACTIVE,   /* the input area being edited */
    UA_ERROR,
    UA_DIM,
    UA_KEY, /* key names on the help line */
};

/* Special keys outside Unicode; printable keys are their code point. */
enum {
    UK_BASE = 0x110000,
    UK_F0 = UK_BASE, /* UK_F0 + n is Fn, n = 1..12 */
    UK_ENTER = UK_BASE + 20,
    UK_ESC,
    UK_TAB,
    UK_BTAB,
    UK_INS,
    UK_DEL,
    UK_BACKSPACE,
    UK_UP,
    UK_DOWN,
    UK_LEFT,
    UK_RIGHT,
    UK_PGUP,
    UK_PGDN,
    UK_HOME,
    UK_END,
    UK_RESIZE,
    UK_EOF,                  /* the key script ended, or stdin closed */
    UK_CTRL = UK_BASE + 100, /* UK_CTRL + 'a'..'z' */
};

/* What a handler did with an event (grids, form views, screens). */
enum ui_result {
    UI_IGNORED, /* not mine: the framework applies the global meaning (Esc closes, F10 menu) */
    UI_HANDLED,
    UI_CLOSE, /* close this screen */
    UI_QUIT,  /* leave the application */
};

struct ui_event {
    enum request req; /* REQ_CHAR for text, REQ_NONE for an unbound key */
    uint32_t ch;      /* the character for REQ_CHAR */
    int key;          /* the key as read */
};

/* Starts curses. With `script` (a key script file, see tests/screen/README) curses draws to
 * /dev/null at $COLUMNS x $LINES, keys come from the script and `snap` lines append the
 * screen's text to `snapshot_path`. Installs handlers so that the terminal is restored on every
 * exit path, crashes included. Returns false with a message in err. */
bool ui_init(const char *script, const char *snapshot_path, char *err, size_t errlen);
void ui_end(void); /* restores the terminal; safe to call twice */
bool ui_active(void);

int ui_rows(void);
int ui_cols(void);
bool ui_too_small(void); /* below the minimum usable size; screens draw nothing then */

/* Drawing into the next frame. */
void ui_erase(void);
/* Text fitted (cut or padded) to exactly `width` columns; width < 0 means "as long as it is",
 * cut at the screen edge. */
void ui_text(int row, int col, int width, const char *utf8, enum ui_attr attr);
void ui_text_right(int row, int col, int width, const char *utf8, enum ui_attr attr);
/* As ui_text, a text too long cut in the middle (text_fit_middle): its start and last words. */
void ui_text_middle(int row, int col, int width, const char *utf8, enum ui_attr attr);
void ui_fill(int row, int col, int height, int width, enum ui_attr attr);
void ui_box(int row, int col, int height, int width, const char *title);
void ui_cursor(int row, int col); /* where the cursor shows; (-1,-1) hides it */
void ui_flush(void);              /* shows the frame */

/* The next key, as an event mapped through the default bindings and then `binds` of `form`
 * (may be NULL). Blocks. */
struct ui_event ui_read(const struct form_def *form);
/* True when a key is waiting (within ms milliseconds); it stays for ui_read. With a key
 * script: false, so that a screen's idle work (counting rows) ends before the next scripted
 * key, the same on every run. */
bool ui_poll(int ms);
/* True when keys typed ahead wait in the terminal's input (a scanner's burst, a fast typist):
 * the app takes them before drawing again. Always false under a key script, whose snapshots
 * show each key's screen. */
bool ui_typed_ahead(void);
/* Something besides the keyboard that the wait for a key serves (the database's socket, for
 * what it announces): fd(ctx) is what to wait on now (-1: nothing), serve(ctx, readable) runs
 * before every wait (readable false: take what came with the last statements) and whenever
 * fd is readable. It returns true when the frame's status or notice changed: the title bar is
 * drawn again at once, whatever screen or dialog is open. The wait is poll() over the
 * terminal and fd, never a timer. A key script waits so only at its "wait MS" lines. serve
 * NULL: nothing watched. */
void ui_set_watch(int (*fd)(void *ctx), bool (*serve)(void *ctx, bool readable), void *ctx);
/* During long work: true once the user pressed Esc (other keys are dropped). With a key
 * script: true when the next scripted key is Esc (it is taken); the script's lines up to that
 * key run now, so a `snap` there shows the work in progress. */
bool ui_cancel_requested(void);
/* Key name <-> key code for bindings and scripts ("F2", "Enter", "C-u", "S-Tab"); -1/NULL. */
int ui_key_parse(const char *name);
const char *ui_key_name(int key, char *buf, size_t n);
bool ui_key_known(const char *name);

/* The frame around every screen: a title/status bar on row 0, a message line and a key-help
 * line at the bottom. The app sets what they show; screens use rows 1 .. ui_rows()-3. */
void ui_set_status(const char *right);
/* A notice in the title bar, before the status and highlighted (NULL or "": none). */
void ui_set_notice(const char *text);
void ui_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ui_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Draws the current screen and its frame anew and shows them: progress during long work. */
void ui_redraw(void);
/* The terminal's bell, and for a fault the screen flashing too (the visual bell): the scan
 * desk's confirmation a clerk hears without looking. Nothing under a key script. */
void ui_signal(bool fault);
/* Clears the message line (once seen, or when another screen opens). */
void ui_message_clear(void);
void ui_draw_frame(const char *title, const enum request *help, const struct form_def *form);
int ui_body_top(void);
int ui_body_rows(void);

/* Modal dialogs; each returns when answered. The current screen is redrawn under them by the
 * `redraw` hook the app installs. */
void ui_set_redraw(void (*redraw)(void *ctx), void *ctx);
void ui_alert(const char *title, const char *text, const char *details);
bool ui_confirm(const char *title, const char *text);
/* A question with a text answer; returns a new string or NULL on Esc. Caller frees. */
char *ui_prompt(const char *title, const char *label, const char *initial, int max_chars);
/* The same for a password: typed characters show as '*'. */
char *ui_prompt_secret(const char *title, const char *label, int max_chars);

/* Type-ahead lookup: a pop-up list refreshed by `fetch` on every keystroke of the search text.
 * `fetch` fills codes/labels (the callee allocates; ui frees) and returns the count.
 * Returns the chosen index's code and label (caller frees both) or false on Esc. */
typedef int (*ui_fetch_fn)(void *ctx, const char *query, char ***codes, char ***labels);
bool ui_lookup(const char *title, const char *initial_query, ui_fetch_fn fetch, void *ctx,
               char **code, char **label);

/* The help screen (F1): every request with its key for this form, generated from request.h. */
void ui_help(const struct form_def *form, const enum request *handled);

#endif
