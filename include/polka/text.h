/* text.h: UTF-8 text as users type, paste and read it: validation, cleaning, display width.
 *
 * Widths are terminal columns (wcwidth of each code point), never bytes: Cyrillic letters are
 * one column and two bytes, CJK ideographs two columns, combining marks zero. Decoding is done
 * here, independent of the locale; only wcwidth() needs an UTF-8 LC_CTYPE. */
#ifndef POLKA_TEXT_H
#define POLKA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..len). Returns bytes consumed (1..4) and stores the code
 * point in *cp; on an invalid, overlong, surrogate or truncated sequence returns 1 and stores
 * U+FFFD. Returns 0 when len == 0. */
size_t text_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp as UTF-8 into out (room for 4 bytes); returns bytes written (0 if cp invalid). */
size_t text_encode(uint32_t cp, char *out);

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool text_utf8_valid(const char *s, size_t len);

/* Cleans text that came from outside (keyboard, paste, files): invalid UTF-8 becomes U+FFFD,
 * TAB becomes a space, every other C0 control, DEL and C1 control is dropped. If max_chars > 0
 * the result is cut at that many code points. Returns a new string; caller frees. */
char *text_sanitize(const char *s, size_t len, size_t max_chars);

/* Number of code points in a NUL-terminated UTF-8 string. */
size_t text_chars(const char *s);

/* Display width in columns; non-printable code points count as 0. */
int text_width(const char *s);

/* Byte offset of the end of the longest prefix of s that fits in `width` columns. */
size_t text_fit_bytes(const char *s, int width);

/* A copy of s that takes exactly `width` columns: cut when longer (a final "…" marks the cut
 * when `ellipsis`), padded with spaces when shorter. A wide character that would straddle the
 * edge is replaced by a space. Invalid bytes come out as U+FFFD, non-printable code points
 * (controls) are left out, so the result is safe to draw. width <= 0 gives "". Caller frees. */
char *text_fit(const char *s, int width, bool ellipsis);

/* As text_fit, but right-aligned (padding on the left). Caller frees. */
char *text_fit_right(const char *s, int width, bool ellipsis);

/* As text_fit with the cut in the middle: a text too long keeps its start and, after "…", its
 * last words within 3/5 of the width ("Хлеб Бородин…«Полька» 400 г"), where names differ
 * (brand, size). Widths under 8 cut at the end. Caller frees. */
char *text_fit_middle(const char *s, int width);

/* Lower case for searching: A-Z and А-Я folded, Ё and ё searched as е. Caller frees. */
char *text_fold(const char *s);

/* Whether every word of query starts a word of haystack, in any order, any case, ё as е
 * ("Самара Лесная" matches "Магазин №101, г. Самара, ул. Лесная, д. 5"); punctuation and
 * «» № separate words. An empty query matches. */
bool text_words_match(const char *haystack, const char *query);

/* Case-insensitive "contains" for Cyrillic and Latin (simple case folding of А-Я, Ё, A-Z).
 * Used for local filtering of already loaded rows. */
bool text_contains_ci(const char *haystack, const char *needle);

/* A calendar date written YYYY-MM-DD (years 1900..2999, the month's real number of days):
 * true with its parts, false for anything else. */
bool text_date_parse(const char *s, int *y, int *m, int *d);

/* Appends s to out as XML 1.0 character data or an attribute value: & < > " ' as entities.
 * False (out unchanged) when s is not UTF-8 or holds a character XML 1.0 forbids (C0 controls
 * but TAB, LF and CR; U+FFFE, U+FFFF) or CR, LF or TAB (which a reader would not give back as
 * they are); C1 controls and DEL are refused too, as our data never holds them. */
struct strbuf;
bool text_xml_escape(struct strbuf *out, const char *s);

#endif
