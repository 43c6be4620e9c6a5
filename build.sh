#!/bin/sh
# rnnscope set-up, build and run — the README's two commands.
#   ./build.sh run [ARGS…]  install what is missing, build, run rnnscope (default scenario)
#   ./build.sh test         install what is missing, build twice (plain and ASan+UBSan), run every test
set -eu
cd "$(dirname "$0")"

# Debian 12 packages: build tools, GSL + OpenBLAS, ncursesw, Check, inih,
# tmux (terminal UI tests), python3 (the independent autodiff check),
# xmllint (the SVG figures are valid XML), asciinema (recordings replay),
# clang with its libFuzzer runtime (the fuzz targets), valgrind (memcheck).
PACKAGES="meson ninja-build pkg-config gcc libgsl-dev libopenblas-dev libncurses-dev \
check libinih-dev tmux python3 locales libxml2-utils asciinema \
clang libclang-rt-dev valgrind"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "rnnscope: installing$missing" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
fi

setup() { # setup DIR [meson options…]
    dir=$1; shift
    if [ -f "$dir/build.ninja" ]; then meson configure "$dir" "$@" >/dev/null
    else meson setup "$dir" "$@" >/dev/null; fi
    ninja -C "$dir" >&2
}

cmd=${1:-run}; [ $# -gt 0 ] && shift
case "$cmd" in
run)
    setup build --buildtype=release
    exec build/rnnscope "$@"
    ;;
test)
    setup build --buildtype=debugoptimized
    meson test -C build --print-errorlogs "$@"
    setup build-san --buildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 RNNSCOPE_TEST_SEEDS=1 \
        meson test -C build-san --print-errorlogs "$@"
    ;;
*)
    echo "usage: ./build.sh run [rnnscope arguments…] | ./build.sh test [meson test arguments…]" >&2
    exit 2
    ;;
esac
