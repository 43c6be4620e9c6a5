/* Scenario files: INI read with inih, every key through rs_config_set, so a
 * file and --set give the same messages. The first error stops the load and
 * names the file, the line and the key; the config is only changed when the
 * whole file is good (we load into a copy).
 *
 * inih's handler is not told the line number, and is not called for a section
 * that holds no keys. So we feed inih through our own line reader: it counts
 * lines, checks each [section] line as inih will see it, and refuses lines
 * longer than inih's buffer (which inih would otherwise split silently). */
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "rnnscope/config.h"
#include "rnnscope/scenario.h"

typedef struct {
    const char *path;
    FILE *fp;
    char *buf;          /* getline's buffer */
    size_t cap;
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

/* inih's fgets-style reader: one whole line into str (num bytes), or NULL to
 * stop (end of file, a read error, or an error already found). */
static char *read_line(char *str, int num, void *stream)
{
    loader *ld = stream;
    if (ld->err_line)
        return NULL;
    errno = 0;
    ssize_t got = getline(&ld->buf, &ld->cap, ld->fp);
    if (got < 0) {
        if (ferror(ld->fp))
            ld->read_errno = errno ? errno : EIO;
        return NULL;
    }
    ld->lineno++;

    size_t len = (size_t)got;
    if (len > 0 && ld->buf[len - 1] == '\n')
        len--;
    if (len > 0 && ld->buf[len - 1] == '\r')
        len--;
    ld->buf[len] = '\0';

    size_t room = num > 2 ? (size_t)num - 2 : 0; /* line + '\n' + NUL */
    if (len > room) {
        const char *s = ld->buf;
        while (*s && is_space(*s))
            s++;
        if (*s != ';' && *s != '#') {
            fail(ld, ld->lineno, "line too long (%zu characters); at most %zu "
                 "(continue a long text on indented lines)", len, room);
            return NULL;
        }
        len = room; /* a long comment is still a comment */
    }
    memcpy(str, ld->buf, len);
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

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    loader *ld = user;
    if (ld->err_line)
        return 1; /* inih finishes the line it is on; we already stopped */
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
    free(ld.buf);
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
