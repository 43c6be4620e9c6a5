/* The SVG figures' shared parts: colour map, XML text, the document's start
 * and writing a file. */
#include "svg.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static const unsigned char plasma[9][3] = {
    {13, 8, 135}, {76, 2, 161}, {126, 3, 168}, {169, 35, 149}, {204, 71, 120},
    {229, 107, 93}, {248, 149, 64}, {253, 197, 39}, {240, 249, 33},
};

void rs_svg_plasma(double u, char out[8])
{
    u = !(u >= 0.0) ? 0.0 : u > 1.0 ? 1.0 : u;
    const double pos = u * 8.0;
    const int i = pos >= 8.0 ? 7 : (int)pos;
    const double w = pos - i;
    int rgb[3];
    for (int c = 0; c < 3; c++)
        rgb[c] = (int)lround((1.0 - w) * plasma[i][c] + w * plasma[i + 1][c]);
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
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

