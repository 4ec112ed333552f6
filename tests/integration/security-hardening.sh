#!/bin/sh
# The binary carries the usual hardening where the toolchain gave it (configure
# probes each flag): a position-independent executable, full RELRO (GNU_RELRO
# and BIND_NOW), the stack protector, and _FORTIFY_SOURCE's checked functions
# when built with optimisation. Each check runs only when configure accepted
# the flag, so a build with --disable-hardening or an older toolchain skips it;
# a default build on Debian runs all of them.
. "$top_srcdir/tests/lib.sh"
need readelf

[ -x "$PCB" ] || bail "$PCB is not built"
mk=$top_builddir/Makefile
[ -f "$mk" ] || skip_all "no $mk to read the configured flags from"
flag() { sed -n "s/^$1 = //p" "$mk"; }
harden_c=$(flag HARDEN_CFLAGS)
harden_ld=$(flag HARDEN_LDFLAGS)
fortify=$(flag FORTIFY_CPPFLAGS)
sanitize=$(flag SANITIZE_CFLAGS)
# The real binary, not a PCB_WRAPPER script.
bin=${PCB_REAL:-$PCB}
readelf -h -l -d --dyn-syms -W "$bin" >"$T/elf" 2>/dev/null || bail "readelf cannot read $bin"

skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $*"; }

case $harden_ld in
*-pie*) ok "PIE: the ELF type is DYN" grep -q 'Type: *DYN' "$T/elf" ;;
*) skip "the linker does not take -pie" ;;
esac
case $harden_ld in
*relro*) ok "RELRO: a GNU_RELRO segment" grep -q 'GNU_RELRO' "$T/elf" ;;
*) skip "the linker does not take -z relro" ;;
esac
case $harden_ld in
*now*) ok "full RELRO: BIND_NOW" grep -Eq 'BIND_NOW|FLAGS_1.*NOW' "$T/elf" ;;
*) skip "the linker does not take -z now" ;;
esac
case $harden_c in
*stack-protector*) ok "stack protector: __stack_chk_fail is called" grep -q '__stack_chk_fail' "$T/elf" ;;
*) skip "the compiler does not take -fstack-protector-strong" ;;
esac
if [ -n "$fortify" ] && [ -z "$sanitize" ]; then
	ok "_FORTIFY_SOURCE: checked variants (__*_chk) are linked" grep -Eq '__[a-z]+_chk' "$T/elf"
else
	skip "_FORTIFY_SOURCE needs optimisation and no sanitizer (CFLAGS without -O, or --enable-sanitizers)"
fi
ok "no executable stack" sh -c "! grep -A1 GNU_STACK '$T/elf' | grep -q RWE"
done_testing
