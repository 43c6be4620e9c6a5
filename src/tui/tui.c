/* Stand-in until the terminal UI lands: the headless run. */
#include "tui.h"
#include "../cli/cli.h"

int rs_tui_main(int argc, char **argv)
{
    return rs_cmd_run(argc, argv);
}
