#!/bin/sh
# meson test --setup valgrind: each compiled test runs under valgrind's
# memcheck (a leak, an invalid read or write, or a use of uninitialised
# memory fails it); the Python tests run as they are.
case "$(basename "$1")" in
python*) exec "$@" ;;
esac
exec valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
    --suppressions="$(dirname "$0")/valgrind.supp" --gen-suppressions=all "$@"
