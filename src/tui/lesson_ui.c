/* The interactive lesson player (not wired into the view yet). */
#include <stdio.h>

#include "tui.h"

int rs_tui_lesson(const char *path, double autoplay)
{
    (void)autoplay;
    fprintf(stderr, "rnnscope lesson: the interactive lesson player is not built yet; "
                    "rnnscope lesson NAME --headless plays %s as text\n", path);
    return 1;
}
