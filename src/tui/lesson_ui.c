/* The interactive lesson player (not wired into the view yet). */
#include <stdio.h>

#include "app.h"
#include "tui.h"

int rs_tui_lesson(const char *path, double autoplay)
{
    (void)autoplay;
    fprintf(stderr, "rnnscope lesson: the interactive lesson player is not built yet; "
                    "rnnscope lesson NAME --headless plays %s as text\n", path);
    return 1;
}

bool rs_lesson_show(rs_app *a, int i)
{
    (void)a;
    (void)i;
    return false;
}

int rs_lesson_caption_lines(const rs_app *a, int width)
{
    (void)a;
    (void)width;
    return 0;
}

void rs_lesson_draw_caption(rs_app *a)
{
    (void)a;
}
