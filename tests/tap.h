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

#endif
