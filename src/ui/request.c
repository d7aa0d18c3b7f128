/* request.c: tables generated from REQUEST_LIST. */
#include "polka/request.h"

#include <string.h>

#include "polka/i18n.h"

static const struct {
    const char *name, *key, *help;
} requests[REQ__COUNT] = {
    [REQ_NONE] = {"none", "", ""},
#define REQ_ROW(id, name, key, help) [REQ_##id] = {name, key, help},
    REQUEST_LIST(REQ_ROW)
#undef REQ_ROW
        [REQ_CHAR] = {"char", "", ""},
    [REQ_RESIZE] = {"resize", "", ""},
};

const char *request_name(enum request r)
{
    return r < REQ__COUNT ? requests[r].name : "";
}

const char *request_help(enum request r)
{
    return r < REQ__COUNT && *requests[r].help ? _(requests[r].help) : "";
}

const char *request_default_key(enum request r)
{
    return r < REQ__COUNT ? requests[r].key : "";
}

enum request request_parse(const char *name)
{
    for (int r = REQ_NONE + 1; r < REQ_CHAR; r++)
        if (name && strcmp(requests[r].name, name) == 0)
            return (enum request)r;
    return REQ_NONE;
}

bool request_known(const char *name)
{
    return request_parse(name) != REQ_NONE;
}
