#!/bin/sh
# Every C file of the project is laid out as .clang-format says (the house
# layout, HACKING "Conventions"), so that a change shows only what it changes.
# Fix a file with: clang-format -i FILE.
. "$top_srcdir/tests/lib.sh"
need clang-format

cd "$top_srcdir" || exit 1
ok "the house layout is written down" test -f .clang-format
bad=""
n=0
for f in $(find lib tests fuzz bench -name '*.[ch]' ! -path 'tests/data/*' | sort) push_callback.c pushcb-report.c; do
	n=$((n + 1))
	clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
is "${bad# }" "" "all $n C files are laid out as .clang-format says"
done_testing
