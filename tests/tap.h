/*
 * tap.h: the smallest Test Anything Protocol producer the unit tests need.
 * Each test program calls tap_plan() (or tap_done() at the end) and one of
 * the checks per assertion; tap_done() returns the exit status.
 */
#ifndef PCB_TAP_H
#define PCB_TAP_H

#include <stddef.h>
#include <stdint.h>

void tap_plan(int count);
/* Reports [cond] as one test named by the printf-style [fmt]; returns cond. */
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compares two NUL-terminated strings (NULL allowed); prints both on failure. */
int tap_is_str(const char *got, const char *want, const char *name);
/* Compares [gotlen] bytes with [want]; prints both, escaped, on failure. */
int tap_is_mem(const char *got, size_t gotlen, const char *want, size_t wantlen, const char *name);
int tap_is_int(long long got, long long want, const char *name);
/* Prints a diagnostic line ("# ..."). */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the run: prints the plan if none was given; returns 0 if all passed, else 1. */
int tap_done(void);

/* Reads a whole file under tests/data into a malloc'd buffer; aborts the test run on error. */
char *tap_slurp(const char *relpath, size_t *len);

/*
 * Reads the whole file at [path] into a malloc'd, NUL-terminated buffer and
 * its length into [*len]. Returns NULL (and *len 0) when it cannot be
 * opened; aborts the test run on a read error or out of memory.
 */
char *tap_read_file(const char *path, size_t *len);

/*
 * A private directory under $TMPDIR (or /tmp), made on the first call;
 * aborts the test run when it cannot be made. tap_done() removes it and
 * everything left in it.
 */
const char *tap_tmpdir(void);
/* The path of [name] in tap_tmpdir(), in a static buffer the next call reuses. */
const char *tap_tmppath(const char *name);

/*
 * A fake environment for code that takes a getenv-like function
 * (pcb_config_load): tap_getenv() answers what tap_setenv() set since the
 * last tap_clearenv() (names and values are not copied), NULL otherwise.
 */
void tap_setenv(const char *name, const char *value);
void tap_clearenv(void);
const char *tap_getenv(const char *name);

#endif
