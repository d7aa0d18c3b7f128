/* xlsx_floor: the floor of tests/bench/xlsx-read, what the two libraries the issue prescribes
 * for the .xlsx reader (libzip and expat) cost alone on the same file: each named part inflated
 * by libzip (its CRC checked, as the reader's are) in 64 KiB pieces straight into expat's
 * buffer and parsed with start, end and text handlers that only count their events. No
 * limits, no cell, no string kept: a reader can be no faster than this on one core. Like
 * xlsx_raw, a benchmark tool that includes zip.h and expat.h on purpose (the app keeps them to
 * src/export).
 *
 *   xlsx_floor FILE.xlsx PART...
 *
 * Prints "seconds events" on stdout (seconds from opening the archive to the last part's end);
 * a failure goes to stderr with exit status 1. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <expat.h>
#include <stdio.h>
#include <time.h>
#include <zip.h>

#define CHUNK (64 * 1024)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)name, (void)atts;
    ++*(unsigned long *)ud;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    (void)name;
    ++*(unsigned long *)ud;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    (void)s, (void)len;
    ++*(unsigned long *)ud;
}

/* One part through expat: false, said on stderr, when libzip or expat failed. */
static int parse(zip_t *za, const char *part, unsigned long *events)
{
    zip_file_t *zf = zip_fopen(za, part, 0);
    if (!zf) {
        fprintf(stderr, "xlsx_floor: %s: %s\n", part, zip_strerror(za));
        return 0;
    }
    XML_Parser p = XML_ParserCreate(NULL);
    XML_SetUserData(p, events);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    int ok = 1;
    for (;;) {
        void *buf = XML_GetBuffer(p, CHUNK);
        zip_int64_t n = buf ? zip_fread(zf, buf, CHUNK) : -1;
        if (n < 0) {
            fprintf(stderr, "xlsx_floor: %s: %s\n", part, zip_file_strerror(zf));
            ok = 0;
            break;
        }
        if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
            fprintf(stderr, "xlsx_floor: %s: %s\n", part, XML_ErrorString(XML_GetErrorCode(p)));
            ok = 0;
            break;
        }
        if (n == 0)
            break;
    }
    XML_ParserFree(p);
    zip_fclose(zf);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xlsx_floor FILE.xlsx PART...\n");
        return 2;
    }
    double t0 = now();
    int err;
    zip_t *za = zip_open(argv[1], ZIP_RDONLY, &err);
    if (!za) {
        fprintf(stderr, "xlsx_floor: %s: cannot open the archive (libzip error %d)\n", argv[1],
                err);
        return 1;
    }
    unsigned long events = 0;
    int ok = 1;
    for (int i = 2; ok && i < argc; i++)
        ok = parse(za, argv[i], &events);
    zip_discard(za);
    if (!ok)
        return 1;
    printf("%.4f %lu\n", now() - t0, events);
    return 0;
}
