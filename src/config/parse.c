/* The small parsers every layer above the engine shares: blanks, trimming,
 * "key=value", whole numbers. One copy, so a scenario file, --set, --compare
 * and a lesson's actions read text the same way. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/config.h"

bool rs_is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void rs_trim_into(char *buf, size_t size, const char *s, size_t n)
{
    while (n > 0 && rs_is_blank(*s))
        s++, n--;
    while (n > 0 && rs_is_blank(s[n - 1]))
        n--;
    snprintf(buf, size, "%.*s", (int)n, s);
}

bool rs_split_assignment(const char *arg, char *key, size_t ksize, char *value, size_t vsize)
{
    const char *eq = arg ? strchr(arg, '=') : NULL;
    if (!eq)
        return false;
    rs_trim_into(key, ksize, arg, (size_t)(eq - arg));
    rs_trim_into(value, vsize, eq + 1, strlen(eq + 1));
    return key[0] != '\0';
}

bool rs_is_whole_number(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

bool rs_parse_whole(const char *s, long lo, long hi, long *out)
{
    if (!s || !rs_is_whole_number(s))
        return false;
    errno = 0;
    const long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi)
        return false;
    *out = (long)v;
    return true;
}

void rs_seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
