#!/bin/sh
# malloc-build: the build says which malloc serves it, and it is the one
# configure chose: mimalloc when linked (the main build), the C library's
# with --without-mimalloc (the sanitizer and valgrind builds, whose tools
# replace malloc). CI names the build it means in PCB_EXPECT_MALLOC
# (mimalloc or libc; scripts/test-all, check-sanitizers, check-valgrind),
# so a build that silently lost or gained mimalloc fails here. Either way a
# batch is answered and logged.
. "$top_srcdir/tests/lib.sh"

if grep -q '^#define HAVE_MIMALLOC 1' "$top_builddir/config.h"; then
	built=mimalloc
else
	built=libc
fi
diag "configure linked: $built"
if [ -n "${PCB_EXPECT_MALLOC:-}" ]; then
	is "$built" "$PCB_EXPECT_MALLOC" "configure chose the malloc this build is meant to have"
fi

"$PCB" --version >"$T/version"
is "$?" 0 "--version exits 0"
mi_line='^malloc: mimalloc [0-9]+\.[0-9]+\.[0-9]+$'
if [ "$built" = mimalloc ]; then
	ok "--version: malloc is mimalloc, in use" grep -Eq "$mi_line" "$T/version"
	ok "the binary needs libmimalloc" sh -c "ldd '$PCB_REAL' | grep -q 'libmimalloc\.so'"
	# The check is of the malloc in use, not of the link: a preloaded
	# allocator takes malloc over, and --version says so.
	jemalloc=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -n 1)
	if [ -n "$jemalloc" ] && [ -z "${PCB_WRAPPER:-}" ]; then
		ok "with another malloc preloaded, --version says mimalloc is not in use" \
			sh -c "LD_PRELOAD='$jemalloc' '$PCB' --version | grep -q '^malloc: another (mimalloc .* is linked, not in use)$'"
	fi
else
	is "$(sed -n 2p "$T/version")" "malloc: the C library's" "--version: malloc is the C library's"
	ok "the binary does not need libmimalloc" sh -c "! ldd '$PCB_REAL' | grep -q 'libmimalloc'"
fi

# A batch through this build's malloc: answered and logged.
mkdir -p "$T/logs"
n=$(wc -c <"$DATA/batch/offlinepush-sample.json" | tr -d ' ')
resp=$(env -i PATH="$PATH" PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/logs" REQUEST_METHOD=POST \
	QUERY_STRING="$SAMPLE_QUERY" CONTENT_LENGTH="$n" "$PCB" <"$DATA/batch/offlinepush-sample.json")
is "$(body_of "$resp")" "$OK_JSON" "a batch is answered OK"
check_sample_logged "$T/logs" "a batch"
done_testing
