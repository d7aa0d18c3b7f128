/* request.h: every user action is a request, defined once here: its name (for forms' `bind`),
 * default key and the label the key-help line and the F1 screen show. Screens handle requests,
 * never raw keys; a form may rebind keys with `bind key=F5 request=refresh`. */
#ifndef POLKA_REQUEST_H
#define POLKA_REQUEST_H

#include <stdbool.h>

/* R(ID, "name", "default key", help label) */
#define REQUEST_LIST(R)                                                                            \
    R(HELP, "help", "F1", N_("Help"))                                                              \
    R(SAVE, "save", "F2", N_("Save"))                                                              \
    R(DETAILS, "details", "F3", N_("Details"))                                                     \
    R(LOOKUP, "lookup", "F4", N_("Choose"))                                                        \
    R(REFRESH, "refresh", "F5", N_("Refresh"))                                                     \
    R(HISTORY, "history", "F6", N_("History"))                                                     \
    R(NEW, "new", "F7", N_("New"))                                                                 \
    R(BLOCK, "block", "F8", N_("Block"))                                                           \
    R(PASSWORD, "password", "F9", N_("Password"))                                                  \
    R(MENU, "menu", "F10", N_("Menu"))                                                             \
    R(BACK, "back", "Esc", N_("Back"))                                                             \
    R(OPEN, "open", "Enter", N_("Open"))                                                           \
    R(INSERT, "insert", "Ins", N_("Add row"))                                                      \
    R(DELETE, "delete", "Del", N_("Delete row"))                                                   \
    R(NEXT, "next", "Tab", N_("Next field"))                                                       \
    R(PREV, "prev", "S-Tab", N_("Previous field"))                                                 \
    R(UP, "up", "Up", N_("Up"))                                                                    \
    R(DOWN, "down", "Down", N_("Down"))                                                            \
    R(LEFT, "left", "Left", N_("Left"))                                                            \
    R(RIGHT, "right", "Right", N_("Right"))                                                        \
    R(PGUP, "page-up", "PgUp", N_("Page up"))                                                      \
    R(PGDN, "page-down", "PgDn", N_("Page down"))                                                  \
    R(HOME, "home", "Home", N_("First"))                                                           \
    R(END, "end", "End", N_("Last"))                                                               \
    R(BACKSPACE, "backspace", "Backspace", N_("Delete back"))                                      \
    R(CLEAR, "clear", "C-u", N_("Clear field"))                                                    \
    R(REDRAW, "redraw", "C-l", N_("Redraw"))                                                       \
    R(QUIT, "quit", "C-q", N_("Quit"))                                                             \
    /* No default key: a form that offers them binds a key (`bind key=F8 request=approve`). */     \
    R(SEND, "send", "", N_("For approval"))                                                        \
    R(APPROVE, "approve", "", N_("Approve"))                                                       \
    R(REJECT, "reject", "", N_("Send back"))                                                       \
    R(CLOSE, "close", "", N_("Close"))                                                             \
    R(END_EARLY, "end-early", "", N_("End early"))                                                 \
    R(WHY, "why", "", N_("Why this price"))                                                        \
    R(RULES, "rules", "", N_("Rules"))                                                             \
    R(FROM_TYPICAL, "from-typical", "", N_("From typical"))                                        \
    R(USUAL, "usual", "", N_("Usual products"))                                                    \
    R(COPY_LAST, "copy-last", "", N_("Last order"))                                                \
    R(ORDERS, "orders", "", N_("Orders"))                                                          \
    R(CANCEL, "cancel", "", N_("Cancel order"))                                                    \
    R(RUN, "run", "", N_("Run"))                                                                   \
    R(FAIR, "fair-share", "", N_("Fair share"))                                                    \
    R(TRIPS, "trips", "", N_("Trips"))                                                             \
    R(MOVE, "move", "", N_("Move"))                                                                \
    R(PICKING, "picking", "", N_("Start picking"))                                                 \
    R(PLACE, "place", "", N_("Place again"))                                                       \
    R(CAPACITY, "capacity-rule", "", N_("Over capacity"))                                          \
    R(CORRECT, "correct", "", N_("Correct stock"))                                                 \
    R(ACCEPT, "accept", "", N_("Accept difference"))                                               \
    R(DOCUMENTS, "documents", "", N_("Documents"))                                                 \
    R(MAKE_DOCS, "make-documents", "", N_("Make documents"))                                       \
    R(WMS, "wms", "", N_("WMS exchange"))                                                          \
    R(STORNO, "storno", "", N_("Cancel document"))                                                 \
    R(PRINT, "print", "", N_("Print"))                                                             \
    R(DEPART, "depart", "", N_("Truck left"))                                                      \
    R(NEW_PILE, "new-pile", "", N_("Next driver"))                                                 \
    R(IMPORT, "import", "", N_("Import statement"))                                                \
    R(SET_ASIDE, "set-aside", "", N_("Set aside"))                                                 \
    R(SHOW_ALL, "show-all", "", N_("Queue / all"))                                                 \
    R(SEND_NOW, "send-now", "", N_("Send now"))                                                    \
    R(RETRY, "retry", "", N_("Try again"))                                                         \
    R(REVERSE, "reverse", "", N_("Reverse correction"))                                            \
    R(ONLY_CORRECTED, "only-corrected", "", N_("Corrected / all"))                                 \
    R(EXPORT_NEW, "export-new", "", N_("Export what is new"))                                      \
    R(AGAIN, "again", "", N_("Write again"))                                                       \
    R(QUICK_CLAIM, "quick-claim", "C-p", N_("Quick claim"))                                        \
    R(STAGE_DONE, "stage-done", "", N_("Stage done"))                                              \
    R(REASSIGN, "reassign", "", N_("Reassign"))                                                    \
    R(CLAIM_CALL, "claim-call", "", N_("Claim call"))                                              \
    R(ADD_DOCUMENT, "add-document", "", N_("Add document"))                                        \
    R(TRACE, "trace", "", N_("Trace batch"))                                                       \
    R(ATTACH, "attach", "", N_("Add file"))                                                        \
    R(SAVE_FILE, "save-file", "", N_("Save file"))                                                 \
    R(DECIDE, "decide", "", N_("Decision"))                                                        \
    R(TAKE_ORDER, "take-order", "", N_("Accept order"))                                            \
    R(REFUSE, "refuse", "", N_("Refuse"))                                                          \
    R(EXCEL_IMPORT, "excel-import", "", N_("Import Excel order"))                                  \
    R(EXCEL_FORM, "excel-form", "", N_("Excel order form"))                                        \
    R(CLAIM_DOCUMENTS, "claim-documents", "", N_("Return documents"))                              \
    R(CLIENT_HISTORY, "client-history", "", N_("Client history"))                                  \
    R(KB_PROPOSALS, "kb-proposals", "", N_("Articles"))                                            \
    R(KB_ARTICLE, "kb-article", "", N_("Write article"))                                           \
    R(DISCOUNT, "discount", "", N_("Discount"))                                                    \
    R(COMMENTS, "comments", "", N_("Comments"))                                                    \
    R(COMMENT, "comment", "", N_("Write comment"))                                                 \
    R(INBOX, "inbox", "C-n", N_("Inbox"))                                                          \
    R(MARK_READ, "mark-read", "", N_("Mark read"))                                                 \
    R(ALL_READ, "all-read", "", N_("All read"))                                                    \
    R(SORT, "sort", "", N_("Sort"))                                                                \
    R(FILTER, "filter", "", N_("Filter"))                                                          \
    R(GROUP, "group", "", N_("Subtotals"))                                                         \
    R(SEARCH, "search", "", N_("Find"))                                                            \
    R(SEARCH_NEXT, "search-next", "", N_("Find next"))                                             \
    R(EXPORT, "export", "", N_("To Excel"))                                                        \
    R(VISIT_ORDER, "visit-order", "", N_("Take order"))                                            \
    R(TASK_NOT_DONE, "task-not-done", "", N_("Not done"))                                          \
    R(VISIT_END, "visit-end", "", N_("Finish visit"))

enum request {
    REQ_NONE = 0,
#define REQ_ENUM(id, name, key, help) REQ_##id,
    REQUEST_LIST(REQ_ENUM)
#undef REQ_ENUM
        REQ_CHAR, /* a printable character (event.ch) */
    REQ_RESIZE,   /* the terminal changed size */
    REQ__COUNT,
};

const char *request_name(enum request r);        /* "save" */
const char *request_help(enum request r);        /* translated "Save" */
const char *request_default_key(enum request r); /* "F2" */
enum request request_parse(const char *name);    /* REQ_NONE when unknown */
bool request_known(const char *name);

#endif
