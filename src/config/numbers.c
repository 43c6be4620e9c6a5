/* Numbers in files, one way everywhere: full precision (%.17g reads back as
 * the same double), and what a format cannot hold spelt out — JSON has no
 * NaN or Inf (null), a CSV cell says nan, inf or -inf (never printf's -nan). */
#include <math.h>
#include <stdio.h>

#include "rnnscope/config.h"

void rs_json_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.17g", x);
    else
        fputs("null", f);
}

void rs_csv_number(FILE *f, double x)
{
    if (isnan(x))
        fputs("nan", f);
    else if (isinf(x))
        fputs(x > 0 ? "inf" : "-inf", f);
    else
        fprintf(f, "%.17g", x);
}
