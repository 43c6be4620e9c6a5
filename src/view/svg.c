/* The SVG figures' shared parts: XML text, the document's start, tick
 * spacing. (Their colours are the screen's: figure.h, rs_figure_fill.) */
#include "svg.h"

#include <errno.h>
#include <math.h>
#include <string.h>

long rs_svg_tick_step(long span, int most)
{
    long step = 1;
    for (;;)
        for (int m = 1; m <= 5; m += m == 1 ? 1 : 3) {
            if (span / (step * m) < most)
                return step * m;
            if (m == 5)
                step *= 10;
        }
}

void rs_svg_text(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

void rs_svg_begin(FILE *f, int width, int height, const char *title)
{
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n<title>",
            width, height, width, height);
    rs_svg_text(f, title);
    fputs("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n", f);
}

