/* The config machinery (DESIGN §5): defaults, parsing, messages, format and
 * cycling, all read off the key table (keys.c), so a new key is one new row
 * there. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/config.h"

/* ---- helpers --------------------------------------------------------------- */

/* Append to buf (size n, already a string); truncates safely. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void append(char *buf, size_t n, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, n - used, fmt, ap);
    va_end(ap);
}

/* Numbers are read and written with '.', whatever setlocale() the front end
 * chose: a scenario file must mean the same on every machine. Thread-local. */
typedef struct {
    locale_t c, old;
} c_numeric;

static c_numeric c_numeric_begin(void)
{
    c_numeric s = {newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), (locale_t)0};
    if (s.c)
        s.old = uselocale(s.c);
    return s;
}

static void c_numeric_end(c_numeric s)
{
    if (s.c) {
        uselocale(s.old);
        freelocale(s.c);
    }
}

static void *field(rs_config *cfg, const rs_key *k) { return (char *)cfg + k->offset; }
static const void *cfield(const rs_config *cfg, const rs_key *k) { return (const char *)cfg + k->offset; }

/* Length of the section part of a dotted key ("model" of "model.hidden"). */
static size_t section_len(const char *key)
{
    const char *dot = strchr(key, '.');
    return dot ? (size_t)(dot - key) : strlen(key);
}

static bool in_section(const rs_key *k, const char *section, size_t len)
{
    return section_len(k->key) == len && strncmp(k->key, section, len) == 0;
}

static bool section_known_n(const char *section, size_t len)
{
    for (size_t i = 0; i < rs_nkeys; i++)
        if (in_section(&rs_keys[i], section, len))
            return true;
    return false;
}

/* Sections of a scenario file that hold no config keys of their own. */
static const char *const extra_sections[] = {"compare", "lesson", NULL};

bool rs_section_known(const char *section)
{
    if (!section)
        return false;
    for (size_t i = 0; extra_sections[i]; i++)
        if (strcmp(section, extra_sections[i]) == 0)
            return true;
    return section_known_n(section, strlen(section));
}

/* The sections that hold keys: what a dotted key may begin with. */
static void key_sections_allowed(char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < rs_nkeys; i++) {
        size_t len = section_len(rs_keys[i].key);
        if (i > 0 && in_section(&rs_keys[i - 1], rs_keys[i].key, len))
            continue; /* the table keeps a section's keys together */
        append(buf, n, "%s%.*s", i ? ", " : "", (int)len, rs_keys[i].key);
    }
}

void rs_sections_allowed(char *buf, size_t n)
{
    key_sections_allowed(buf, n);
    for (size_t i = 0; extra_sections[i] && buf && n; i++)
        append(buf, n, ", %s", extra_sections[i]);
}

/* ---- "did you mean …?" ------------------------------------------------------- */

/* The edit distance of a and b (Damerau's optimal string alignment: an
 * insertion, a deletion, a substitution or two neighbours swapped each cost
 * one). Keys are short; longer texts are simply far from every key. */
#define NEAR_LEN 64
static int edit_distance(const char *a, const char *b)
{
    const size_t n = strlen(a), m = strlen(b);
    if (n >= NEAR_LEN || m >= NEAR_LEN)
        return NEAR_LEN;
    int d[NEAR_LEN + 1][NEAR_LEN + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            const int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

/* How many edits a typo of a word this long may have and still be
 * recognised: one in a short word, two from 5 letters, three from 9 (so
 * "hiden" is hidden, but "seed" is not "skip"). */
static int near_enough(size_t len) { return len < 5 ? 1 : len < 9 ? 2 : 3; }

/* The keys closest to `typed` (compared whole, or by their name after the
 * section when `section` is given), when one is near enough: "model.hidden"
 * or "task.seed or train.seed" into list. */
static void nearest_keys(const char *typed, const char *section, size_t section_n, char *list, size_t n)
{
    list[0] = '\0';
    int best = near_enough(strlen(typed)) + 1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rs_nkeys; i++) {
            const rs_key *k = &rs_keys[i];
            if (section && !in_section(k, section, section_n))
                continue;
            const int d = edit_distance(typed, section ? k->key + section_n + 1 : k->key);
            if (pass == 0 && d < best)
                best = d;
            else if (pass == 1 && d == best && best <= near_enough(strlen(typed)))
                append(list, n, "%s%s", list[0] ? " or " : "", k->key);
        }
}

/* An unknown key: the near one it may be a typo of ("did you mean
 * model.hidden?"), the section the key left out, and what is allowed. */
static void unknown_key(const char *key, char *err, size_t errlen)
{
    char list[512] = "", near[256] = "", hint[300] = "";
    size_t len = section_len(key);

    if (key[len] == '.' && section_known_n(key, len)) {
        nearest_keys(key + len + 1, key, len, near, sizeof near);
        if (near[0])
            snprintf(hint, sizeof hint, " did you mean %s?", near);
        for (size_t i = 0; i < rs_nkeys; i++)
            if (in_section(&rs_keys[i], key, len))
                append(list, sizeof list, "%s%s", list[0] ? ", " : "", rs_keys[i].key + len + 1);
        rs_seterr(err, errlen, "%s: unknown key;%s allowed in [%.*s]: %s", key, hint, (int)len, key, list);
        return;
    }
    if (key[len] == '.') {
        /* A misspelt section ("modle.hidden"): the whole key may still be near one. */
        nearest_keys(key, NULL, 0, near, sizeof near);
        if (near[0])
            snprintf(hint, sizeof hint, " did you mean %s?", near);
        key_sections_allowed(list, sizeof list);
        rs_seterr(err, errlen, "%s: unknown section [%.*s];%s allowed: %s", key, (int)len, key, hint, list);
        return;
    }
    /* No dot: maybe the user left out the section, or misspelt a key and left it out. */
    for (size_t i = 0; i < rs_nkeys; i++) {
        const char *name = rs_keys[i].key + section_len(rs_keys[i].key) + 1;
        if (strcmp(name, key) == 0)
            append(list, sizeof list, "%s%s", list[0] ? " or " : "", rs_keys[i].key);
    }
    if (!list[0]) {
        /* The nearest names across every section. */
        int best = near_enough(strlen(key)) + 1;
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < rs_nkeys; i++) {
                const int d = edit_distance(key, rs_keys[i].key + section_len(rs_keys[i].key) + 1);
                if (pass == 0 && d < best)
                    best = d;
                else if (pass == 1 && d == best && best <= near_enough(strlen(key)))
                    append(list, sizeof list, "%s%s", list[0] ? " or " : "", rs_keys[i].key);
            }
    }
    if (list[0])
        rs_seterr(err, errlen, "%s: unknown key; did you mean %s?", key, list);
    else
        rs_seterr(err, errlen, "%s: unknown key; keys are written section.key, e.g. model.hidden", key);
}

void rs_config_defaults(rs_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < rs_nkeys; i++) /* cannot fail: test_config checks every default */
        rs_config_set(cfg, rs_keys[i].key, rs_keys[i].def, NULL, 0);
}

void rs_key_allowed(const rs_key *k, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    buf[0] = '\0';
    c_numeric loc = c_numeric_begin();
    switch (k->type) {
    case RS_KEY_INT:
        append(buf, n, "%s%.0f … %.0f", k->min_exclusive ? "> " : "", k->min, k->max);
        break;
    case RS_KEY_REAL:
        append(buf, n, "%s%g … %g", k->min_exclusive ? "> " : "", k->min, k->max);
        break;
    case RS_KEY_CHOICE:
        for (size_t i = 0; k->choices[i]; i++)
            append(buf, n, "%s%s", i ? ", " : "", k->choices[i]);
        break;
    case RS_KEY_TEXT:
        append(buf, n, "text, at most %zu characters", k->size - 1);
        break;
    }
    c_numeric_end(loc);
}

static const char *allowed_of(const rs_key *k, char buf[256])
{
    rs_key_allowed(k, buf, 256);
    return buf;
}

static bool in_range(const rs_key *k, double v)
{
    return (k->min_exclusive ? v > k->min : v >= k->min) && v <= k->max;
}

/* Parse v (already trimmed) into *out for key k. 0, or −1 with err set. */
static int parse_value(const rs_key *k, const char *v, void *out, char *err, size_t errlen)
{
    char buf[256]; /* for allowed_of(), in messages */

    if (k->type == RS_KEY_TEXT) {
        size_t len = strlen(v);
        if (len >= k->size) {
            rs_seterr(err, errlen, "%s: too long (%zu characters); at most %zu", k->key, len, k->size - 1);
            return -1;
        }
        memcpy(out, v, len + 1);
        return 0;
    }
    if (!*v) {
        rs_seterr(err, errlen, "%s: empty value; allowed: %s", k->key, allowed_of(k, buf));
        return -1;
    }
    switch (k->type) {
    case RS_KEY_INT: {
        if (!rs_is_whole_number(v)) {
            rs_seterr(err, errlen, "%s: '%s' is not a whole number; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        errno = 0;
        long long x = strtoll(v, NULL, 10);
        if (errno == ERANGE || !in_range(k, (double)x)) {
            rs_seterr(err, errlen, "%s: %s is out of range; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        *(long *)out = (long)x;
        return 0;
    }
    case RS_KEY_REAL: {
        char *end;
        c_numeric loc = c_numeric_begin();
        errno = 0;
        double x = strtod(v, &end);
        int range_error = errno == ERANGE;
        c_numeric_end(loc);
        if (*end || (!isfinite(x) && !range_error)) {
            rs_seterr(err, errlen, "%s: '%s' is not a number; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        if (!isfinite(x) || !in_range(k, x)) {
            rs_seterr(err, errlen, "%s: %s is out of range; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        *(double *)out = x;
        return 0;
    }
    case RS_KEY_CHOICE:
        for (size_t i = 0; k->choices[i]; i++)
            if (strcmp(k->choices[i], v) == 0) {
                *(const char **)out = k->choices[i];
                return 0;
            }
        rs_seterr(err, errlen, "%s: '%s' is not allowed; allowed: %s", k->key, v, allowed_of(k, buf));
        return -1;
    case RS_KEY_TEXT:
        break;
    }
    return -1;
}

/* Copy s without surrounding whitespace into a new string (free it). */
static char *trimmed_copy(const char *s)
{
    while (rs_is_blank(*s))
        s++;
    size_t len = strlen(s);
    while (len > 0 && rs_is_blank(s[len - 1]))
        len--;
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, s, len);
        t[len] = '\0';
    }
    return t;
}

int rs_config_set(rs_config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
    rs_seterr(err, errlen, "%s", "");
    const rs_key *k = rs_key_find(key);
    if (!k) {
        unknown_key(key ? key : "(null)", err, errlen);
        return -1;
    }
    if (!value)
        value = "";
    if (k->type == RS_KEY_TEXT) /* text is kept as given */
        return parse_value(k, value, field(cfg, k), err, errlen);

    char *v = trimmed_copy(value);
    if (!v) {
        rs_seterr(err, errlen, "%s: out of memory", k->key);
        return -1;
    }
    union {
        long i;
        double r;
        const char *c;
    } parsed;
    int rc = parse_value(k, v, &parsed, err, errlen);
    free(v);
    if (rc != 0)
        return -1;
    switch (k->type) {
    case RS_KEY_INT: *(long *)field(cfg, k) = parsed.i; break;
    case RS_KEY_REAL: *(double *)field(cfg, k) = parsed.r; break;
    case RS_KEY_CHOICE: *(const char **)field(cfg, k) = parsed.c; break;
    case RS_KEY_TEXT: break;
    }
    return 0;
}

int rs_config_set_arg(rs_config *cfg, const char *arg, char *err, size_t errlen)
{
    rs_seterr(err, errlen, "%s", "");
    if (!arg)
        arg = "";
    const char *eq = strchr(arg, '=');
    char *key = eq ? malloc((size_t)(eq - arg) + 1) : NULL;
    if (key) {
        memcpy(key, arg, (size_t)(eq - arg));
        key[eq - arg] = '\0';
        char *t = trimmed_copy(key);
        free(key);
        key = t;
    }
    if (!key || !*key) {
        if (eq && !key)
            rs_seterr(err, errlen, "--set %s: out of memory", arg);
        else
            rs_seterr(err, errlen, "--set %s: expected key=value, e.g. --set model.hidden=64", arg);
        free(key);
        return -1;
    }
    char *value = trimmed_copy(eq + 1);
    char inner[1024];
    int rc = value ? rs_config_set(cfg, key, value, inner, sizeof inner) : -1;
    if (!value)
        snprintf(inner, sizeof inner, "%s", "out of memory");
    if (rc != 0)
        rs_seterr(err, errlen, "--set %s: %s", arg, inner);
    free(key);
    free(value);
    return rc;
}

void rs_config_format(const rs_config *cfg, const rs_key *k, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    switch (k->type) {
    case RS_KEY_INT:
        snprintf(buf, n, "%ld", *(const long *)cfield(cfg, k));
        break;
    case RS_KEY_REAL: {
        /* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
        double x = *(const double *)cfield(cfg, k);
        char tmp[40];
        c_numeric loc = c_numeric_begin();
        for (int digits = 15; digits <= 17; digits++) {
            snprintf(tmp, sizeof tmp, "%.*g", digits, x);
            if (strtod(tmp, NULL) == x)
                break;
        }
        c_numeric_end(loc);
        snprintf(buf, n, "%s", tmp);
        break;
    }
    case RS_KEY_CHOICE: {
        const char *c = *(const char *const *)cfield(cfg, k);
        snprintf(buf, n, "%s", c ? c : "");
        break;
    }
    case RS_KEY_TEXT:
        snprintf(buf, n, "%s", (const char *)cfield(cfg, k));
        break;
    }
}

void rs_config_cycle(rs_config *cfg, const rs_key *k, int dir)
{
    if (!k || k->type != RS_KEY_CHOICE || dir == 0)
        return;
    const char **cur = field(cfg, k);
    size_t n = 0, at = 0;
    for (; k->choices[n]; n++)
        if (*cur && strcmp(*cur, k->choices[n]) == 0)
            at = n;
    at = dir > 0 ? (at + 1) % n : (at + n - 1) % n;
    *cur = k->choices[at];
}

long rs_config_get_int(const rs_config *cfg, const rs_key *k)
{
    return k->type == RS_KEY_INT ? *(const long *)cfield(cfg, k) : 0;
}

double rs_config_get_real(const rs_config *cfg, const rs_key *k)
{
    if (k->type == RS_KEY_REAL)
        return *(const double *)cfield(cfg, k);
    if (k->type == RS_KEY_INT)
        return (double)*(const long *)cfield(cfg, k);
    return 0;
}

const char *rs_config_get_choice(const rs_config *cfg, const rs_key *k)
{
    if (k->type == RS_KEY_CHOICE)
        return *(const char *const *)cfield(cfg, k);
    if (k->type == RS_KEY_TEXT)
        return (const char *)cfield(cfg, k);
    return NULL;
}

void rs_error_set(rs_error *e, rs_error_kind kind, const char *fmt, ...)
{
    if (!e)
        return;
    e->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

void rs_error_prefix(rs_error *e, const char *prefix)
{
    if (!e)
        return;
    char msg[sizeof e->msg];
    memcpy(msg, e->msg, sizeof msg);
    const size_t n = strlen(prefix);
    if (n >= sizeof e->msg)
        return;
    memcpy(e->msg, prefix, n);
    snprintf(e->msg + n, sizeof e->msg - n, "%.*s", (int)(sizeof e->msg - n - 1), msg);
}
