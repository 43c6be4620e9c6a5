/* Scenario files: INI read with inih, every key through rs_config_set, so a
 * file and --set give the same messages. The first error stops the load and
 * names the file, the line and the key; the config is only changed when the
 * whole file is good (we load into a copy).
 *
 * inih's handler is not told the line number, and is not called for a section
 * that holds no keys. So we feed inih through our own line reader: it counts
 * lines, checks each [section] line as inih will see it, and refuses lines
 * longer than inih's buffer (which inih would otherwise split silently).
 *
 * Whatever the file holds, reading it takes bounded memory: the reader reads
 * straight into inih's line buffer and stops at its end (a longer key line
 * is an error at once; a longer comment is skipped a character at a time), a
 * file is at most SCENARIO_MAX_BYTES, and a NUL byte is an error with its
 * line. Text shown to people — scenario.title and .summary, a lesson's steps
 * and captions — is kept free of control characters (a tab becomes a space),
 * so no front end prints an escape sequence or writes invalid XML from it;
 * it must be UTF-8. */
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "rnnscope/config.h"
#include "rnnscope/scenario.h"

/* The largest scenario file read: the bundled ones are a few KiB, a long
 * lecture some 20 KiB. */
#define SCENARIO_MAX_BYTES (1L << 20)

typedef struct {
    const char *path;
    FILE *fp;
    long bytes;         /* read so far (at most SCENARIO_MAX_BYTES) */
    int read_errno;     /* errno of a failed read, or 0 */

    int lineno;         /* the line inih is working on */
    bool key_seen;      /* inih's prev_name: a key came since the last [section] */
    bool continuation;  /* this line is indented under a key: it continues its value */

    rs_config cfg;      /* the copy we load into */
    rs_lesson *lesson;  /* the [lesson] read so far */
    enum { LESSON_NONE, LESSON_STEP, LESSON_CAPTION, LESSON_DO } lesson_key;   /* for continuation lines */
    int *first_line;    /* per key of rs_keys: the line it was set on, or 0 */

    int err_line;       /* the line of the first error, or 0 */
    char *err;
    size_t errlen;
} loader;

/* A control character in a message would reach the terminal raw (a key
 * name or a value quoted from the file): shown as '?' (C0, DEL, and a C1
 * control in UTF-8 as "??"). */
static void printable(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            *p = '?';
        else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0)
            p[0] = p[1] = '?';
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void fail(loader *ld, int line, const char *fmt, ...)
{
    if (ld->err_line)
        return; /* only the first error is reported */
    ld->err_line = line;
    if (!ld->err || ld->errlen == 0)
        return;
    int n = snprintf(ld->err, ld->errlen, "%s:%d: ", ld->path, line);
    if (n < 0 || (size_t)n >= ld->errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ld->err + n, ld->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    printable(ld->err + n);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* inih's find_chars_or_comment: the first of chars, or an inline ';' comment
 * (a ';' after whitespace), or the end. */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
    bool was_space = false;
    while (*s && !strchr(chars, *s) && !(was_space && *s == ';')) {
        was_space = is_space(*s);
        s++;
    }
    return s;
}

/* Look at a line the way inih will: comment, continuation, [section] or key. */
static void classify(loader *ld, const char *line)
{
    const char *start = line;
    if (ld->lineno == 1 && strncmp(start, "\xEF\xBB\xBF", 3) == 0)
        start += 3; /* UTF-8 byte order mark */
    while (*start && is_space(*start))
        start++;

    ld->continuation = false;
    if (*start == '\0' || *start == ';' || *start == '#')
        return; /* blank or comment */
    if (ld->key_seen && start > line) {
        ld->continuation = true;
        return;
    }
    if (*start != '[')
        return; /* a key line (or a syntax error inih reports) */

    const char *end = find_chars_or_comment(start + 1, "]");
    if (*end != ']')
        return; /* no ']': inih reports it */
    ld->key_seen = false;

    const char *name = start + 1;
    while (name < end && is_space(*name))
        name++;
    while (end > name && is_space(end[-1]))
        end--;
    char section[64];
    snprintf(section, sizeof section, "%.*s", (int)(end - name), name);
    if (rs_section_known(section))
        return;
    char allowed[256];
    rs_sections_allowed(allowed, sizeof allowed);
    fail(ld, ld->lineno, "[%.*s]: unknown section; allowed: %s", (int)(end - name), name, allowed);
}

/* The next byte of the file, or EOF at its end, on a read error (read_errno)
 * and past SCENARIO_MAX_BYTES (an error: err_line). */
static int next_byte(loader *ld)
{
    const int c = getc_unlocked(ld->fp);
    if (c == EOF) {
        if (ferror(ld->fp))
            ld->read_errno = errno ? errno : EIO;
        return EOF;
    }
    if (++ld->bytes > SCENARIO_MAX_BYTES) {
        fail(ld, ld->lineno, "the file goes on past %ld KiB; a scenario is a short text file",
             SCENARIO_MAX_BYTES >> 10);
        return EOF;
    }
    return c;
}

static void fail_nul(loader *ld, size_t column)
{
    fail(ld, ld->lineno, "a NUL byte (column %zu); a scenario is a text file", column);
}

/* inih's fgets-style reader: one whole line into str (num bytes), or NULL to
 * stop (end of file, a read error, or an error already found). The line is
 * read straight into str and never further than str holds: memory stays
 * bounded whatever the file is. */
static char *read_line(char *str, int num, void *stream)
{
    loader *ld = stream;
    if (ld->err_line || ld->read_errno || num < 3)
        return NULL;
    const size_t room = (size_t)num - 2;   /* the line + '\n' + NUL */
    size_t len = 0;
    bool more = false;                     /* the line goes on past room + 1 bytes */
    errno = 0;
    ld->lineno++;
    int c = next_byte(ld);
    if (c == EOF) {
        if (!ld->err_line && !ld->read_errno)
            ld->lineno--;   /* the end of the file: no line */
        return NULL;
    }
    while (c != EOF && c != '\n') {
        if (c == '\0') {
            fail_nul(ld, len + 1);
            return NULL;
        }
        if (len == room + 1) {             /* a '\r' may still end it */
            more = true;
            break;
        }
        str[len++] = (char)c;
        c = next_byte(ld);
    }
    if (ld->err_line || ld->read_errno)
        return NULL;
    if (!more && len > 0 && str[len - 1] == '\r')
        len--;
    if (more || len > room) {
        str[len] = '\0';
        const char *s = str;
        while (*s && is_space(*s))
            s++;
        if (*s != ';' && *s != '#') {
            fail(ld, ld->lineno, "line too long; at most %zu characters "
                 "(continue a long text on indented lines)", room);
            return NULL;
        }
        /* A long comment is still a comment: skip the rest of it. */
        for (size_t column = len + 1; c != EOF && c != '\n'; column++) {
            if (c == '\0') {
                fail_nul(ld, column);
                return NULL;
            }
            c = next_byte(ld);
        }
        if (ld->err_line || ld->read_errno)
            return NULL;
        len = room;
    }
    str[len] = '\n';
    str[len + 1] = '\0';
    classify(ld, str);
    return ld->err_line ? NULL : str;
}

/* A text key's continuation line: append with one space. inih 55 leaves an
 * inline "; comment" on a continuation line (later versions strip it, as on
 * the first line); strip it here so both read the same. */
static int append_text(loader *ld, const rs_key *k, const char *more)
{
    size_t more_len = (size_t)(find_chars_or_comment(more, "") - more);
    while (more_len > 0 && is_space(more[more_len - 1]))
        more_len--;
    const char *old = rs_config_get_choice(&ld->cfg, k);
    size_t n = strlen(old) + 1 + more_len + 1;
    char *joined = malloc(n);
    if (!joined) {
        fail(ld, ld->lineno, "%s: out of memory", k->key);
        return 0;
    }
    snprintf(joined, n, "%s%s%.*s", old, old[0] && more_len ? " " : "", (int)more_len, more);
    char msg[512];
    int rc = rs_config_set(&ld->cfg, k->key, joined, msg, sizeof msg);
    free(joined);
    if (rc != 0) {
        fail(ld, ld->lineno, "%s", msg);
        return 0;
    }
    return 1;
}

/* [compare] holds whole dotted keys: "model.cell = lstm" sets the cell of
 * compare mode's right-hand side. */
static int on_compare(loader *ld, const char *name, const char *value)
{
    char msg[1024];
    if (ld->continuation) {
        fail(ld, ld->lineno, "[compare] %s: an indented line continues the value above it, "
             "but only text can span lines (remove the indent)", name);
        return 0;
    }
    for (int i = 0; i < ld->cfg.compare.count; i++)
        if (strcmp(ld->cfg.compare.key[i], name) == 0) {
            fail(ld, ld->lineno, "[compare] %s: given twice", name);
            return 0;
        }
    if (rs_compare_set(&ld->cfg, name, value, msg, sizeof msg) != 0) {
        fail(ld, ld->lineno, "[compare] %s", msg);
        return 0;
    }
    return 1;
}

/* Append " more" to a fixed text buffer; false when it does not fit. */
static bool append_to(char *buf, size_t size, const char *more)
{
    const size_t used = strlen(buf);
    const int n = snprintf(buf + used, size - used, "%s%s", used && *more ? " " : "", more);
    return n >= 0 && (size_t)n < size - used;
}

/* [lesson]: `step = title` opens a step; `caption` and `do` belong to it. */
static int on_lesson(loader *ld, const char *name, const char *value)
{
    rs_lesson *l = ld->lesson;
    rs_lesson_step *st = l->nsteps ? &l->step[l->nsteps - 1] : NULL;
    char msg[1024];
    if (ld->continuation) {
        bool fits = true;
        if (ld->lesson_key == LESSON_STEP)
            fits = append_to(st->title, sizeof st->title, value);
        else if (ld->lesson_key == LESSON_CAPTION)
            fits = append_to(st->caption, sizeof st->caption, value);
        else if (rs_lesson_parse_actions(st, value, msg, sizeof msg) != 0) {
            fail(ld, ld->lineno, "[lesson] %s", msg);
            return 0;
        }
        if (!fits) {
            fail(ld, ld->lineno, "[lesson] %s: too long (at most %zu characters)",
                 ld->lesson_key == LESSON_STEP ? "step" : "caption",
                 (ld->lesson_key == LESSON_STEP ? sizeof st->title : sizeof st->caption) - 1);
            return 0;
        }
        return 1;
    }
    if (strcmp(name, "step") == 0) {
        if (l->nsteps == RS_LESSON_MAX_STEPS) {
            fail(ld, ld->lineno, "[lesson] step: at most %d steps in a lesson", RS_LESSON_MAX_STEPS);
            return 0;
        }
        if (!value[0]) {
            fail(ld, ld->lineno, "[lesson] step: needs a title, e.g. step = Exploding gradients");
            return 0;
        }
        st = &l->step[l->nsteps++];
        memset(st, 0, sizeof *st);
        st->line = ld->lineno;
        ld->lesson_key = LESSON_STEP;
        if (!append_to(st->title, sizeof st->title, value)) {
            fail(ld, ld->lineno, "[lesson] step: too long (at most %zu characters)", sizeof st->title - 1);
            return 0;
        }
        return 1;
    }
    const bool caption = strcmp(name, "caption") == 0;
    if (!caption && strcmp(name, "do") != 0) {
        fail(ld, ld->lineno, "[lesson] %s: unknown key; allowed: step, caption, do", name);
        return 0;
    }
    if (!st) {
        fail(ld, ld->lineno, "[lesson] %s: comes before the first 'step = title'", name);
        return 0;
    }
    if (caption) {
        if (st->caption[0]) {
            fail(ld, ld->lineno, "[lesson] caption: given twice in step %d", l->nsteps);
            return 0;
        }
        ld->lesson_key = LESSON_CAPTION;
        if (!append_to(st->caption, sizeof st->caption, value)) {
            fail(ld, ld->lineno, "[lesson] caption: too long (at most %zu characters)", sizeof st->caption - 1);
            return 0;
        }
        return 1;
    }
    ld->lesson_key = LESSON_DO;
    if (rs_lesson_parse_actions(st, value, msg, sizeof msg) != 0) {
        fail(ld, ld->lineno, "[lesson] %s", msg);
        return 0;
    }
    return 1;
}

/* The length of the well-formed UTF-8 sequence at s (Unicode's Table 3-7:
 * no overlong forms, no surrogates, nothing past U+10FFFF), or 0. */
static int utf8_sequence(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int len;
    unsigned char lo = 0x80, hi = 0xBF;    /* the range of the second byte */
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        if (s[0] == 0xE0) lo = 0xA0;       /* overlong */
        if (s[0] == 0xED) hi = 0x9F;       /* U+D800 … U+DFFF, the surrogates */
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        if (s[0] == 0xF0) lo = 0x90;       /* overlong */
        if (s[0] == 0xF4) hi = 0x8F;       /* past U+10FFFF */
    } else
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (int i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Text that people read (a title, a caption): a copy of value without control
 * characters (C0, DEL, C1; a tab becomes a space), or NULL after fail() when
 * it is not UTF-8. The caller frees it. */
static char *people_text(loader *ld, const char *what, const char *value)
{
    char *out = malloc(strlen(value) + 1);
    if (!out) {
        fail(ld, ld->lineno, "%s: out of memory", what);
        return NULL;
    }
    char *o = out;
    for (const unsigned char *s = (const unsigned char *)value; *s;) {
        const int len = utf8_sequence(s);
        if (len == 0) {
            fail(ld, ld->lineno, "%s: not UTF-8 text (the byte 0x%02X); save the file as UTF-8", what, s[0]);
            free(out);
            return NULL;
        }
        if (*s == '\t')
            *o++ = ' ';
        else if (!(*s < 0x20 || *s == 0x7F || (s[0] == 0xC2 && s[1] < 0xA0))) {
            memcpy(o, s, (size_t)len);
            o += len;
        }
        s += len;
    }
    *o = '\0';
    return out;
}

/* The text keys people read; task.file is a path and is kept as it is. */
static bool shows_text(const rs_key *k)
{
    return k && k->type == RS_KEY_TEXT && strcmp(k->key, "task.file") != 0;
}

static int on_entry(loader *ld, const char *section, const char *name, const char *value);

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    loader *ld = user;
    if (ld->err_line)
        return 1; /* inih finishes the line it is on; we already stopped */
    /* The key as "section.name" ([compare] names whole keys), to decide
     * whether its value is text people read. */
    const char *sec = section, *end = strchr(section, '\0');
    while (is_space(*sec))
        sec++;
    while (end > sec && is_space(end[-1]))
        end--;
    const bool compare = end - sec == 7 && strncmp(sec, "compare", 7) == 0;
    const bool lesson = end - sec == 6 && strncmp(sec, "lesson", 6) == 0;
    char key[256];
    if (compare)
        snprintf(key, sizeof key, "%s", name);
    else
        snprintf(key, sizeof key, lesson ? "[%.*s] %s" : "%.*s.%s", (int)(end - sec), sec, name);
    if (!lesson && !shows_text(rs_key_find(key)))
        return on_entry(ld, section, name, value);
    char *clean = people_text(ld, key, value);
    if (!clean)
        return 0;
    const int rc = on_entry(ld, section, name, clean);
    free(clean);
    return rc;
}

static int on_entry(loader *ld, const char *section, const char *name, const char *value)
{
    if (!ld->continuation)
        ld->key_seen = name[0] != '\0';

    while (is_space(*section))
        section++;
    size_t slen = strlen(section);
    while (slen > 0 && is_space(section[slen - 1]))
        slen--;
    if (slen == 0) {
        char allowed[256];
        rs_sections_allowed(allowed, sizeof allowed);
        fail(ld, ld->lineno, "%s: not inside a [section]; allowed: %s", name, allowed);
        return 0;
    }

    char msg[1024];
    if (slen == 7 && strncmp(section, "compare", 7) == 0)
        return on_compare(ld, name, value);
    if (slen == 6 && strncmp(section, "lesson", 6) == 0)
        return on_lesson(ld, name, value);

    char key[256];
    snprintf(key, sizeof key, "%.*s.%s", (int)slen, section, name);
    const rs_key *k = rs_key_find(key);
    if (!k) {
        rs_config_set(&ld->cfg, key, value, msg, sizeof msg); /* the unknown-key message */
        fail(ld, ld->lineno, "%s", msg);
        return 0;
    }

    if (ld->continuation) {
        if (k->type == RS_KEY_TEXT)
            return append_text(ld, k, value);
        fail(ld, ld->lineno, "%s: an indented line continues the value above it, "
             "but only text can span lines (remove the indent)", k->key);
        return 0;
    }

    int *first = &ld->first_line[k - rs_keys];
    if (*first) {
        fail(ld, ld->lineno, "%s: given twice (first on line %d)", k->key, *first);
        return 0;
    }
    *first = ld->lineno;
    if (rs_config_set(&ld->cfg, k->key, value, msg, sizeof msg) != 0) {
        fail(ld, ld->lineno, "%s", msg);
        return 0;
    }
    return 1;
}

/* A scenario's task.file is relative to the scenario's folder, so a scenario
 * and its text travel together (a --set path stays relative to the shell's). */
static void resolve_text_file(loader *ld)
{
    const rs_key *k = rs_key_find("task.file");
    char *file = ld->cfg.task.file;
    const char *slash = strrchr(ld->path, '/');
    if (!k || !ld->first_line[k - rs_keys] || file[0] == '/' || file[0] == '\0' || !slash)
        return;
    char joined[sizeof ld->cfg.task.file];
    int n = snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - ld->path), ld->path, file);
    if (n < 0 || (size_t)n >= sizeof joined) {
        fail(ld, ld->first_line[k - rs_keys], "task.file: the path is too long (at most %zu characters)",
             sizeof joined - 1);
        return;
    }
    memcpy(file, joined, sizeof joined);
}

int rs_config_load(rs_config *cfg, const char *path, char *err, size_t errlen)
{
    return rs_scenario_load(cfg, NULL, path, err, errlen);
}

int rs_scenario_load(rs_config *cfg, rs_lesson *lesson, const char *path, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    loader ld = {.path = path, .cfg = *cfg, .err = err, .errlen = errlen};
    /* The lesson is checked on every load (a broken lesson is a broken file),
     * and kept when the caller asks for it. */
    ld.lesson = calloc(1, sizeof *ld.lesson);
    if (!ld.lesson) {
        if (err && errlen)
            snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }

    ld.fp = fopen(path, "r");
    if (!ld.fp) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        free(ld.lesson);
        return -1;
    }
    /* A regular file's size is known before reading it (a pipe's is not:
     * reading stops at the limit then). */
    struct stat st;
    if (fstat(fileno(ld.fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > SCENARIO_MAX_BYTES) {
        if (err && errlen)
            snprintf(err, errlen, "%s: too large (%.1f MiB); a scenario is a short text file of at most %ld KiB",
                     path, (double)st.st_size / 1048576.0, SCENARIO_MAX_BYTES >> 10);
        free(ld.lesson);
        fclose(ld.fp);
        return -1;
    }
    ld.first_line = calloc(rs_nkeys, sizeof *ld.first_line);
    if (!ld.first_line) {
        free(ld.lesson);
        fclose(ld.fp);
        if (err && errlen)
            snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }

    int bad_line = ini_parse_stream(read_line, &ld, on_value, &ld);

    if (bad_line > 0 && (!ld.err_line || bad_line < ld.err_line)) {
        ld.err_line = 0; /* inih's syntax error came first */
        fail(&ld, bad_line, "not a 'key = value' line or a [section]");
    } else if (!ld.err_line && ld.read_errno) {
        ld.err_line = -1;
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot read: %s", path, strerror(ld.read_errno));
    } else if (!ld.err_line && bad_line < 0) {
        ld.err_line = -1;
        if (err && errlen)
            snprintf(err, errlen, "%s: out of memory", path);
    }

    if (!ld.err_line)
        resolve_text_file(&ld);
    for (int i = 0; !ld.err_line && i < ld.lesson->nsteps; i++)
        if (!ld.lesson->step[i].caption[0])
            fail(&ld, ld.lesson->step[i].line, "[lesson] step %d '%s' has no caption", i + 1, ld.lesson->step[i].title);
    free(ld.first_line);
    fclose(ld.fp);
    if (!ld.err_line && lesson)
        *lesson = *ld.lesson;
    free(ld.lesson);
    if (ld.err_line)
        return -1;
    *cfg = ld.cfg;
    return 0;
}
