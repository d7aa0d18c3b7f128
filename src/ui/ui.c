/* ui.c: curses set-up and tear-down, the input seam (terminal or key script), screen
 * snapshots, drawing primitives and the frame (status bar, message line, key help). */
#define _XOPEN_SOURCE_EXTENDED 1
#include "polka/ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "polka/formdef.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "ui_int.h"

#define MIN_COLS 50
#define MIN_ROWS 12

static bool active;
static SCREEN *scr;
static FILE *null_out;
static int cursor_row = -1, cursor_col = -1;
static char *status_right;
static char *notice;      /* ui_set_notice */
static char *frame_title; /* the title the frame was drawn with last */
static int (*watch_fd)(void *);
static bool (*watch_serve)(void *, bool);
static void *watch_ctx;
static char message[512];
static bool message_is_error;
static void (*redraw_hook)(void *);
static void *redraw_ctx;

/* Key script state (tests). */
static FILE *script;
static char *script_name;
static int script_line;
static FILE *snapshot;
static int *pending; /* keys queued from the current script line */
static size_t npending, pending_pos;

enum { PAIR_TITLE = 1, PAIR_SELECTED, PAIR_ERROR, PAIR_KEY, PAIR_FIELD };

static void restore_terminal(void)
{
    if (active) {
        active = false;
        endwin();
    }
}

/* Crash or kill: give the terminal back before dying the way we would have died. */
static void on_fatal_signal(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    static const int sigs[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
        struct sigaction sa = {0};
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
    atexit(restore_terminal);
}

bool ui_init(const char *script_path, const char *snapshot_path, char *err, size_t errlen)
{
    /* Esc must answer at once; 25 ms is enough to tell it from an escape sequence. */
    if (!getenv("ESCDELAY"))
        set_escdelay(25);
    if (script_path) {
        script = fopen(script_path, "r");
        if (!script) {
            snprintf(err, errlen, "%s: %s", script_path, strerror(errno));
            return false;
        }
        script_name = xstrdup(script_path);
        if (snapshot_path) {
            snapshot = fopen(snapshot_path, "w");
            if (!snapshot) {
                snprintf(err, errlen, "%s: %s", snapshot_path, strerror(errno));
                return false;
            }
        }
        /* tig's way: draw to the null device at a size taken from $COLUMNS/$LINES. */
        null_out = fopen("/dev/null", "w");
        use_env(TRUE);
        scr = newterm(getenv("TERM") ? NULL : "xterm", null_out, stdin);
        if (!scr) {
            snprintf(err, errlen, "cannot start curses on /dev/null");
            return false;
        }
    } else {
        if (!isatty(0) || !isatty(1)) {
            snprintf(err, errlen, "%s", _("the TUI needs a terminal (stdin and stdout)"));
            return false;
        }
        scr = newterm(NULL, stdout, stdin);
        if (!scr) {
            snprintf(err, errlen, _("cannot use terminal type '%s'"),
                     getenv("TERM") ? getenv("TERM") : "");
            return false;
        }
    }
    active = true;
    install_handlers();
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
        init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
        init_pair(PAIR_ERROR, COLOR_RED, -1);
        init_pair(PAIR_KEY, COLOR_BLACK, COLOR_CYAN);
        init_pair(PAIR_FIELD, -1, -1);
    }
    return true;
}

void ui_end(void)
{
    restore_terminal();
    if (scr) {
        delscreen(scr);
        scr = NULL;
    }
    if (null_out)
        fclose(null_out);
    null_out = NULL;
    /* A key script the app ended before playing whole is a test that did not test what it
     * says (an Esc too many left the screens): said, and the run fails. */
    int unplayed = 0;
    char line[4096];
    while (script && fgets(line, sizeof(line), script)) {
        script_line++;
        if (line[0] != '#' && line[strspn(line, " \t\r\n")] != '\0') {
            unplayed = script_line;
            break;
        }
    }
    if (script)
        fclose(script);
    script = NULL;
    if (snapshot)
        fclose(snapshot);
    snapshot = NULL;
    if (unplayed) {
        fprintf(stderr, "%s:%d: the app ended before this line of the script\n", script_name,
                unplayed);
        xfree(&script_name);
        exit(3);
    }
    xfree(&script_name);
    xfree(&pending);
    xfree(&status_right);
    xfree(&notice);
    xfree(&frame_title);
}

bool ui_active(void)
{
    return active;
}

int ui_rows(void)
{
    return LINES;
}

int ui_cols(void)
{
    return COLS;
}

bool ui_too_small(void)
{
    return COLS < MIN_COLS || LINES < MIN_ROWS;
}

/* ---- drawing ---- */

static attr_t attr_of(enum ui_attr a, short *pair)
{
    *pair = 0;
    switch (a) {
    case UA_NORMAL:
        return A_NORMAL;
    case UA_BOLD:
        return A_BOLD;
    case UA_SELECTED:
        *pair = PAIR_SELECTED;
        return A_REVERSE * !has_colors();
    case UA_TITLE:
        *pair = PAIR_TITLE;
        return has_colors() ? A_BOLD : A_REVERSE;
    case UA_FIELD:
        return A_UNDERLINE;
    case UA_ACTIVE:
        return A_REVERSE;
    case UA_ERROR:
        *pair = PAIR_ERROR;
        return A_BOLD;
    case UA_DIM:
        return A_DIM;
    case UA_KEY:
        *pair = PAIR_KEY;
        return A_BOLD * !has_colors();
    }
    return A_NORMAL;
}

/* Puts already fitted UTF-8 text at (row, col), never past the right edge. */
static void put_text(int row, int col, const char *s, enum ui_attr a)
{
    if (row < 0 || row >= LINES || col >= COLS)
        return;
    short pair;
    attr_t at = attr_of(a, &pair);
    wchar_t wbuf[2] = {0, 0};
    int x = col;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        wbuf[0] = (wchar_t)cp;
        int w = wcwidth(wbuf[0]);
        if (w < 0) {
            wbuf[0] = L'?';
            w = 1;
        }
        if (x + w > COLS)
            break;
        if (x >= 0) {
            cchar_t cc;
            setcchar(&cc, wbuf, at, pair, NULL);
            mvadd_wch(row, x, &cc);
        }
        x += w;
    }
}

void ui_erase(void)
{
    erase();
    cursor_row = cursor_col = -1;
}

void ui_text(int row, int col, int width, const char *utf8, enum ui_attr a)
{
    if (width < 0)
        width = COLS - col;
    if (width <= 0)
        return;
    char *t = text_fit(utf8 ? utf8 : "", width, true);
    put_text(row, col, t, a);
    free(t);
}

void ui_text_right(int row, int col, int width, const char *utf8, enum ui_attr a)
{
    if (width <= 0)
        return;
    char *t = text_fit_right(utf8 ? utf8 : "", width, true);
    put_text(row, col, t, a);
    free(t);
}

void ui_text_middle(int row, int col, int width, const char *utf8, enum ui_attr a)
{
    if (width <= 0)
        return;
    char *t = text_fit_middle(utf8 ? utf8 : "", width);
    put_text(row, col, t, a);
    free(t);
}

void ui_fill(int row, int col, int height, int width, enum ui_attr a)
{
    for (int r = row; r < row + height; r++)
        ui_text(r, col, width, "", a);
}

void ui_box(int row, int col, int height, int width, const char *title)
{
    if (height < 2 || width < 2)
        return;
    ui_fill(row, col, height, width, UA_NORMAL);
    for (int r = row + 1; r < row + height - 1; r++) {
        put_text(r, col, "│", UA_NORMAL);
        put_text(r, col + width - 1, "│", UA_NORMAL);
    }
    for (int c = col + 1; c < col + width - 1; c++) {
        put_text(row, c, "─", UA_NORMAL);
        put_text(row + height - 1, c, "─", UA_NORMAL);
    }
    put_text(row, col, "┌", UA_NORMAL);
    put_text(row, col + width - 1, "┐", UA_NORMAL);
    put_text(row + height - 1, col, "└", UA_NORMAL);
    put_text(row + height - 1, col + width - 1, "┘", UA_NORMAL);
    if (!str_empty(title) && width > 6) {
        char *t = xasprintf(" %s ", title);
        int w = text_width(t);
        if (w > width - 4)
            w = width - 4;
        ui_text(row, col + 2, w, t, UA_BOLD);
        free(t);
    }
}

void ui_cursor(int row, int col)
{
    cursor_row = row;
    cursor_col = col;
}

/* Appends the visible screen as text to the snapshot file. */
/* Rows first..last of the screen (from 0, inclusive) under a header naming them; the whole
 * screen is 0..LINES-1 and its header names no rows. */
static void snapshot_write(const char *label, int first, int last)
{
    if (!snapshot)
        return;
    if (first < 0)
        first = 0;
    if (last > LINES - 1)
        last = LINES - 1;
    /* The cursor shows which field has the focus: "cursor ROW,COL", counted from 0. */
    fprintf(snapshot, "--- %s (%dx%d", label && *label ? label : "screen", COLS, LINES);
    if (first > 0 || last < LINES - 1)
        fprintf(snapshot, " rows %d-%d", first, last);
    fputc(')', snapshot);
    if (cursor_row >= 0 && cursor_col >= 0 && cursor_row < LINES && cursor_col < COLS)
        fprintf(snapshot, " cursor %d,%d", cursor_row, cursor_col);
    fputc('\n', snapshot);
    wchar_t *line = xcalloc((size_t)COLS + 1, sizeof(*line));
    for (int y = first; y <= last; y++) {
        line[0] = 0;
        mvwinnwstr(curscr, y, 0, line, COLS);
        struct strbuf sb = {0};
        for (int x = 0; line[x]; x++) {
            char b[4];
            size_t n = text_encode((uint32_t)line[x], b);
            strbuf_add(&sb, b, n);
        }
        char *s = strbuf_detach(&sb);
        size_t n = strlen(s);
        while (n > 0 && s[n - 1] == ' ')
            s[--n] = '\0';
        fprintf(snapshot, "%s\n", s);
        free(s);
    }
    free(line);
    fflush(snapshot);
}

void ui_flush(void)
{
    if (cursor_row >= 0 && cursor_col >= 0 && cursor_row < LINES && cursor_col < COLS) {
        curs_set(1);
        move(cursor_row, cursor_col);
    } else {
        curs_set(0);
    }
    refresh();
}

/* ---- keys ---- */

static const struct {
    const char *name;
    int key;
} key_names[] = {
    {"Enter", UK_ENTER},
    {"Esc", UK_ESC},
    {"Tab", UK_TAB},
    {"S-Tab", UK_BTAB},
    {"Ins", UK_INS},
    {"Del", UK_DEL},
    {"Backspace", UK_BACKSPACE},
    {"Up", UK_UP},
    {"Down", UK_DOWN},
    {"Left", UK_LEFT},
    {"Right", UK_RIGHT},
    {"PgUp", UK_PGUP},
    {"PgDn", UK_PGDN},
    {"Home", UK_HOME},
    {"End", UK_END},
    {"Space", ' '},
};

int ui_key_parse(const char *name)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
        if (strcmp(name, key_names[i].name) == 0)
            return key_names[i].key;
    if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        int n = atoi(name + 1);
        if (n >= 1 && n <= 12 && (name[2] == '\0' || (name[3] == '\0' && n >= 10)))
            return UK_F0 + n;
    }
    if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && !name[3])
        return UK_CTRL + name[2];
    return -1;
}

bool ui_key_known(const char *name)
{
    return ui_key_parse(name) >= 0;
}

const char *ui_key_name(int key, char *buf, size_t n)
{
    for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
        if (key_names[i].key == key) {
            snprintf(buf, n, "%s", key_names[i].name);
            return buf;
        }
    if (key > UK_F0 && key <= UK_F0 + 12)
        snprintf(buf, n, "F%d", key - UK_F0);
    else if (key >= UK_CTRL + 'a' && key <= UK_CTRL + 'z')
        snprintf(buf, n, "C-%c", key - UK_CTRL);
    else
        return NULL;
    return buf;
}

/* Curses key or character → our key code; -1 for what we ignore (stray controls). */
static int map_key(int rc, wint_t wch)
{
    if (rc == KEY_CODE_YES) {
        if (wch >= KEY_F(1) && wch <= KEY_F(12))
            return UK_F0 + (int)(wch - KEY_F0);
        switch (wch) {
        case KEY_ENTER:
            return UK_ENTER;
        case KEY_BTAB:
            return UK_BTAB;
        case KEY_IC:
            return UK_INS;
        case KEY_DC:
            return UK_DEL;
        case KEY_BACKSPACE:
            return UK_BACKSPACE;
        case KEY_UP:
            return UK_UP;
        case KEY_DOWN:
            return UK_DOWN;
        case KEY_LEFT:
            return UK_LEFT;
        case KEY_RIGHT:
            return UK_RIGHT;
        case KEY_PPAGE:
            return UK_PGUP;
        case KEY_NPAGE:
            return UK_PGDN;
        case KEY_HOME:
            return UK_HOME;
        case KEY_END:
            return UK_END;
        case KEY_RESIZE:
            return UK_RESIZE;
        }
        return -1;
    }
    switch (wch) {
    case '\r':
    case '\n':
        return UK_ENTER;
    case 27:
        return UK_ESC;
    case '\t':
        return UK_TAB;
    case 8:
    case 127:
        return UK_BACKSPACE;
    }
    if (wch >= 1 && wch <= 26)
        return UK_CTRL + 'a' + (int)wch - 1;
    /* Pasted control characters and anything unprintable are dropped here. */
    if (wch < 32 || (wch >= 0x7f && wch < 0xa0) || !iswprint(wch))
        return -1;
    return (int)wch;
}

static bool idle_held; /* script: "idle off" */

static void draw_title_bar(void);

void ui_set_watch(int (*fd)(void *ctx), bool (*serve)(void *ctx, bool readable), void *ctx)
{
    watch_fd = fd;
    watch_serve = serve;
    watch_ctx = ctx;
}

/* The watched thing served; what it changed shown in the title bar at once (the rest of the
 * screen, a dialog over it, the cursor in a field stay as they are). */
static bool watch_run(bool readable)
{
    if (!watch_serve || !watch_serve(watch_ctx, readable))
        return false;
    if (!active)
        return true;
    draw_title_bar();
    ui_flush();
    return true;
}

/* A key script's "wait MS": as a terminal with nobody typing, up to MS milliseconds for the
 * watched thing to change what the frame shows (the database announcing something), sooner
 * when it does. */
static void script_wait(int ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (watch_run(false))
            return;
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        long left = ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
        int fd = watch_fd ? watch_fd(watch_ctx) : -1;
        if (left <= 0 || fd < 0)
            return;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) > 0 && watch_run(true))
            return;
    }
}

/* get_wch, serving the watched thing while no key comes: poll() over the terminal and its
 * descriptor. Keys curses holds already (typed ahead, put back by ui_poll) come first; an
 * escape sequence is still told from Esc by curses (ESCDELAY) once its first byte is in. */
static int watched_get_wch(wint_t *wch)
{
    if (!watch_serve)
        return get_wch(wch);
    for (;;) {
        timeout(0);
        int rc = get_wch(wch);
        timeout(-1);
        if (rc != ERR)
            return rc;
        watch_run(false);
        int fd = watch_fd ? watch_fd(watch_ctx) : -1;
        struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
        if (poll(p, fd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue; /* a resize: curses has KEY_RESIZE for the next get_wch */
            return get_wch(wch);
        }
        if (fd >= 0 && p[1].revents)
            watch_run(true);
        if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            return get_wch(wch); /* the terminal gone: what read_key makes of it */
    }
}

static void script_fail(const char *what, const char *arg)
{
    restore_terminal();
    fprintf(stderr, "%s:%d: %s%s%s\n", script_name, script_line, what, arg ? ": " : "",
            arg ? arg : "");
    exit(2);
}

static void queue(int key)
{
    pending = xrealloc(pending, (npending + 1) * sizeof(*pending));
    pending[npending++] = key;
}

/* Each character of UTF-8 text as a key. */
static void queue_text(const char *text)
{
    size_t len = text ? strlen(text) : 0, i = 0;
    while (i < len) {
        uint32_t cp;
        i += text_decode(text + i, len - i, &cp);
        queue((int)cp);
    }
}

/* Reads script lines until some keys are queued; handles snap/resize on the way. */
static int script_key(void)
{
    char line[4096];
    while (pending_pos >= npending) {
        npending = pending_pos = 0;
        if (!fgets(line, sizeof(line), script))
            return UK_EOF;
        script_line++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *arg = strchr(line, ' ');
        if (arg)
            *arg++ = '\0';
        if (strcmp(line, "type") == 0) {
            queue_text(arg);
        } else if (strcmp(line, "key") == 0) {
            for (char *tok = strtok(arg, " "); tok; tok = strtok(NULL, " ")) {
                int k = ui_key_parse(tok);
                if (k < 0)
                    script_fail("unknown key", tok);
                queue(k);
            }
        } else if (strcmp(line, "snap") == 0) {
            snapshot_write(arg, 0, LINES - 1);
        } else if (strcmp(line, "snap-body") == 0) {
            /* The screen between the title bar and the key-help line (the message line
             * included): what a case is about, untouched by a change of the frame. */
            snapshot_write(arg, 1, LINES - 2);
        } else if (strcmp(line, "snap-rows") == 0) {
            int a = -1, b = -1, off = 0;
            if (!arg || sscanf(arg, "%d-%d %n", &a, &b, &off) < 2 || a < 0 || b < a)
                script_fail("snap-rows needs FIRST-LAST LABEL", arg);
            snapshot_write(off ? arg + off : NULL, a, b);
        } else if (strcmp(line, "login") == 0) {
            /* "login USER [PASSWORD]": the login screen's keys (the demo's password by
             * default), typed as a person would. */
            char user[128] = "", pass[128] = "";
            if (!arg || sscanf(arg, "%127s %127s", user, pass) < 1)
                script_fail("login needs USER [PASSWORD]", arg);
            if (!*pass)
                snprintf(pass, sizeof(pass), "%s-demo", user);
            queue_text(user);
            queue(UK_TAB);
            queue_text(pass);
            queue(UK_ENTER);
        } else if (strcmp(line, "resize") == 0) {
            int c = 0, r = 0;
            if (!arg || sscanf(arg, "%d %d", &c, &r) != 2 || c < 1 || r < 1)
                script_fail("resize needs COLS ROWS", arg);
            resizeterm(r, c);
            queue(UK_RESIZE);
        } else if (strcmp(line, "raw") == 0) {
            /* Bytes as a paste would deliver them, through the same filter as a terminal. */
            for (char *tok = strtok(arg, " "); tok; tok = strtok(NULL, " ")) {
                int k = map_key(OK, (wint_t)strtol(tok, NULL, 0));
                if (k >= 0)
                    queue(k);
            }
        } else if (strcmp(line, "idle") == 0) {
            /* "idle off": the screen's idle work (a catalog coming in slices) waits while the
             * next keys are handled; "idle on" lets it finish before the next key. */
            if (!arg || (strcmp(arg, "off") != 0 && strcmp(arg, "on") != 0))
                script_fail("idle needs on or off", arg);
            idle_held = strcmp(arg, "off") == 0;
        } else if (strcmp(line, "wait") == 0) {
            /* "wait MS": nobody types for up to MS ms; what the database announces meanwhile
             * shows (the title bar's notice), as at a terminal. */
            int ms = arg ? atoi(arg) : 0;
            if (ms <= 0 || ms > 60000)
                script_fail("wait needs MS (1 to 60000)", arg);
            script_wait(ms);
        } else if (strcmp(line, "shell") == 0) {
            /* Test scripts change the world between keys: stop the server, kill our backend. */
            if (!arg || system(arg) != 0)
                script_fail("shell command failed", arg);
        } else {
            script_fail("unknown command", line);
        }
    }
    return pending[pending_pos++];
}

/* The next scripted key without taking it (script lines on the way, snap included, run now). */
static int script_peek(void)
{
    if (pending_pos >= npending) {
        int k = script_key();
        if (k == UK_EOF)
            return UK_EOF;
        pending_pos--;
    }
    return pending[pending_pos];
}

bool ui_poll(int ms)
{
    if (script)
        return idle_held; /* a script's keys wait until the screen's idle work is done, unless
                             held ("idle off": the keys come first, as a fast typist's) */
    timeout(ms);
    wint_t wch;
    int rc = get_wch(&wch);
    timeout(-1);
    if (rc == ERR)
        return false;
    if (rc == KEY_CODE_YES)
        ungetch((int)wch);
    else
        unget_wch(wch);
    return true;
}

bool ui_typed_ahead(void)
{
    return !script && ui_poll(0);
}

bool ui_cancel_requested(void)
{
    if (script) {
        if (script_peek() != UK_ESC)
            return false;
        pending_pos++;
        return true;
    }
    bool esc = false;
    nodelay(stdscr, TRUE);
    wint_t wch;
    int rc;
    while ((rc = get_wch(&wch)) != ERR) /* keys typed meanwhile are dropped, Esc noted */
        esc = esc || map_key(rc, wch) == UK_ESC;
    nodelay(stdscr, FALSE);
    return esc;
}

static int read_key(void)
{
    if (script)
        return script_key();
    for (;;) {
        wint_t wch;
        int rc = watched_get_wch(&wch);
        if (rc == ERR) {
            /* stdin gone (terminal closed): behave as if the user left. */
            if (feof(stdin) || errno == EIO || errno == EBADF)
                return UK_EOF;
            continue;
        }
        int k = map_key(rc, wch);
        if (k >= 0)
            return k;
    }
}

struct ui_event ui_read(const struct form_def *form)
{
    struct ui_event ev = {REQ_NONE, 0, read_key()};
    if (ev.key == UK_RESIZE) {
        ev.req = REQ_RESIZE;
        return ev;
    }
    if (ev.key == UK_EOF) {
        ev.req = REQ_QUIT;
        return ev;
    }
    char name[16];
    if (form && ui_key_name(ev.key, name, sizeof(name)))
        for (size_t i = 0; i < form->nbinds; i++)
            if (strcmp(form->binds[i].key, name) == 0) {
                ev.req = request_parse(form->binds[i].request);
                return ev;
            }
    for (int r = REQ_NONE + 1; r < REQ_CHAR; r++)
        if (ui_key_parse(request_default_key(r)) == ev.key) {
            ev.req = (enum request)r;
            return ev;
        }
    if (ev.key < UK_BASE) {
        ev.req = REQ_CHAR;
        ev.ch = (uint32_t)ev.key;
    }
    return ev;
}

/* ---- the frame ---- */

void ui_set_status(const char *right)
{
    free(status_right);
    status_right = xstrdup(right);
}

void ui_set_notice(const char *text)
{
    free(notice);
    notice = str_empty(text) ? NULL : xstrdup(text);
}

void ui_message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    message_is_error = false;
}

void ui_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    message_is_error = true;
}

int ui_body_top(void)
{
    return 1;
}

int ui_body_rows(void)
{
    return LINES - 3;
}

/* The key a request has on this form: a `bind` first, else the default. */
static const char *key_for(enum request r, const struct form_def *form)
{
    if (form)
        for (size_t i = 0; i < form->nbinds; i++)
            if (request_parse(form->binds[i].request) == r)
                return form->binds[i].key;
    return request_default_key(r);
}

/* The columns label i of a key line needs to be told from the others there when it is cut: its
 * shortest start no other label shares, with the ellipsis label_cut adds from 4 columns on;
 * its whole width when that is less ("Обн" and "Обм", never "Об…" twice for Обновить and
 * Обмен с WMS). */
static int label_need(const enum request *help, size_t i)
{
    const char *a = request_help(help[i]);
    int need = 1;
    for (size_t j = 0; help[j] != REQ_NONE; j++) {
        const char *b = request_help(help[j]);
        if (j == i || str_eq(a, b))
            continue;
        int common = 0;
        size_t x = 0, y = 0, la = strlen(a), lb = strlen(b);
        while (x < la && y < lb) {
            uint32_t ca, cb;
            size_t na = text_decode(a + x, la - x, &ca), nb = text_decode(b + y, lb - y, &cb);
            if (ca != cb)
                break;
            x += na;
            y += nb;
            common++;
        }
        if (common + 1 > need)
            need = common + 1;
    }
    int full = text_width(a);
    if (need >= 4)
        need++;
    return need < full ? need : full;
}

/* A key line's entries, measured once per drawing: the key, the label, their widths and what
 * the label needs when cut (label_need). */
struct key_entry {
    const char *key, *label;
    int key_w, full_w, need;
};

/* The width a label gets on a key line whose labels are cut to `most` columns. */
static int label_width(const struct key_entry *e, int most)
{
    if (e->full_w <= most)
        return e->full_w;
    return e->need > most ? e->need : most;
}

/* Width of the key line with labels cut to `most` columns (label_width), `sep` between key and
 * label and `gap` between entries. */
static int keys_width(const struct key_entry *e, size_t n, int most, int sep, int gap)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w += (i ? gap : 0) + e[i].key_w + sep + label_width(&e[i], most);
    return w;
}

/* A label cut to width columns: its start without the spaces it ends in, then "…"; under 4
 * columns letters only ("Пом", not "По…": the ellipsis would take a third of it). */
static char *label_cut(const char *label, int width)
{
    if (text_width(label) <= width)
        return xstrdup(label);
    if (width < 4)
        return text_fit(label, width, false);
    char *t = text_fit(label, width - 1, false);
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == ' ')
        t[--n] = '\0';
    char *cut = xasprintf("%s…", t);
    free(t);
    return cut;
}

/* The key line: "F1 Help  F2 Save ..."; when it does not fit, key and label close up ("F1Help
 * F2Save", as htop does), then the labels are cut alike until every key shows (each keeping
 * what tells it from the others): a key that works is never left off the line. */
static void draw_keys(const enum request *help, const struct form_def *form)
{
    ui_fill(LINES - 1, 0, 1, COLS, UA_NORMAL);
    size_t n = 0;
    while (help && help[n] != REQ_NONE)
        n++;
    struct key_entry *e = xcalloc(n + 1, sizeof(*e));
    for (size_t i = 0; i < n; i++) {
        e[i].key = key_for(help[i], form);
        e[i].label = request_help(help[i]);
        e[i].key_w = text_width(e[i].key);
        e[i].full_w = text_width(e[i].label);
        e[i].need = label_need(help, i);
    }
    int sep = 1, gap = 2, most = COLS;
    if (keys_width(e, n, most, sep, gap) > COLS) {
        sep = 0, gap = 1;
        while (most > 2 && keys_width(e, n, most, sep, gap) > COLS)
            most--;
    }
    int x = 0;
    for (size_t i = 0; i < n && x < COLS; i++) {
        int lw = label_width(&e[i], most);
        if (x + e[i].key_w + sep + lw > COLS)
            break;
        char *label = label_cut(e[i].label, lw);
        lw = text_width(label);
        ui_text(LINES - 1, x, e[i].key_w, e[i].key, UA_KEY);
        ui_text(LINES - 1, x + e[i].key_w + sep, lw, label, UA_NORMAL);
        free(label);
        x += e[i].key_w + sep + lw + gap;
    }
    free(e);
}

/* Row 0: " Polka · title", then the notice (highlighted), then the status on the right; the
 * title gives way first, the notice keeps at least its start. */
static void draw_title_bar(void)
{
    if (ui_too_small())
        return;
    int right_w = status_right ? text_width(status_right) + 1 : 0;
    if (right_w > COLS / 2)
        right_w = COLS / 2;
    int notice_w = notice ? text_width(notice) + 2 : 0;
    if (notice_w > COLS - right_w - 12)
        notice_w = COLS - right_w - 12 > 0 ? COLS - right_w - 12 : 0;
    char *t = xasprintf(" Polka · %s", frame_title ? frame_title : "");
    ui_text(0, 0, COLS - right_w - notice_w, t, UA_TITLE);
    free(t);
    if (notice_w) {
        char *n = xasprintf(" %s ", notice);
        ui_text(0, COLS - right_w - notice_w, notice_w, n, UA_KEY);
        free(n);
    }
    if (right_w)
        ui_text_right(0, COLS - right_w, right_w, status_right, UA_TITLE);
}

void ui_draw_frame(const char *title, const enum request *help, const struct form_def *form)
{
    if (ui_too_small()) {
        erase();
        ui_text(0, 0, COLS, _("Terminal too small"), UA_ERROR);
        char *need = xasprintf(_("need %dx%d"), MIN_COLS, MIN_ROWS);
        ui_text(1, 0, COLS, need, UA_NORMAL);
        free(need);
        cursor_row = -1;
        return;
    }
    free(frame_title);
    frame_title = xstrdup(title ? title : "");
    draw_title_bar();
    ui_text(LINES - 2, 0, COLS, message, message_is_error ? UA_ERROR : UA_NORMAL);
    draw_keys(help, form);
}

void ui_set_redraw(void (*redraw)(void *ctx), void *ctx)
{
    redraw_hook = redraw;
    redraw_ctx = ctx;
}

void ui_redraw_under(void)
{
    ui_erase();
    if (redraw_hook)
        redraw_hook(redraw_ctx);
}

void ui_redraw(void)
{
    ui_redraw_under();
    ui_flush();
}

void ui_signal(bool fault)
{
    if (script)
        return;
    beep();
    if (fault)
        flash();
}

void ui_message_clear(void)
{
    message[0] = '\0';
}
