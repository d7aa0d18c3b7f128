/* domain/folder.h: files exchanged through a folder with another system (the WMS, the EDI
 * providers): written under a temporary name and renamed, so a reader never sees half a file;
 * read ones moved into done/ or bad/ (with NAME.error beside a refused one) after the
 * database answered. src/domain/folder.c. */
#ifndef POLKA_DOMAIN_FOLDER_H
#define POLKA_DOMAIN_FOLDER_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/util.h"

/* Writes len bytes to dir/name under a temporary name (created new, mode 0644), synced and
 * renamed. False with the reason in log. */
bool folder_write(const char *dir, const char *name, const char *data, size_t len,
                  struct strbuf *log);
/* Moves dir/name into dir/sub/ (made when missing); false with the reason in log. */
bool folder_move_into(const char *dir, const char *sub, const char *name, struct strbuf *log);
/* A refused file: moved into dir/bad/ with why in bad/NAME.error; false when it could not be
 * moved (it stays; said in log). */
bool folder_refuse(const char *dir, const char *name, const char *why, struct strbuf *log);
/* The names of dir's entries not starting with '.' and ending with suffix ("" any), sorted;
 * NULL with errno's words in log when dir cannot be read. *n: how many. Free with
 * folder_names_free. */
char **folder_names(const char *dir, const char *suffix, size_t *n, struct strbuf *log);
void folder_names_free(char **names, size_t n);

#endif
