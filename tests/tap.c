/* tap.c: see tap.h. */
#include <config.h>

#include "tap.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tap_count;
static int tap_failed;
static int tap_planned;

void tap_plan(int count)
{
	printf("1..%d\n", count);
	tap_planned = 1;
}

static int tap_report(int cond, const char *fmt, va_list ap)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void tap_print_escaped(const char *label, const char *s, size_t len)
{
	printf("#   %s: \"", label);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	puts("\"");
}

int tap_is_mem(const char *got, size_t gotlen, const char *want, size_t wantlen, const char *name)
{
	int cond = got != NULL && gotlen == wantlen && memcmp(got, want, wantlen) == 0;

	tap_ok(cond, "%s", name);
	if (!cond) {
		if (got == NULL)
			puts("#   got: NULL");
		else
			tap_print_escaped("got ", got, gotlen);
		tap_print_escaped("want", want, wantlen);
	}
	return cond;
}

int tap_is_str(const char *got, const char *want, const char *name)
{
	if (got == NULL || want == NULL) {
		int cond = got == want;
		tap_ok(cond, "%s", name);
		if (!cond)
			printf("#   got: %s\n#   want: %s\n", got ? got : "NULL", want ? want : "NULL");
		return cond;
	}
	return tap_is_mem(got, strlen(got), want, strlen(want), name);
}

int tap_is_int(long long got, long long want, const char *name)
{
	int cond = got == want;

	tap_ok(cond, "%s", name);
	if (!cond)
		printf("#   got: %lld\n#   want: %lld\n", got, want);
	return cond;
}

static char tmpdir[4096];

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) != 0)
		printf("# %s left: %s\n", path, strerror(errno));
	return 0;
}

/* Removes tmpdir and everything under it, depth first, following no symbolic link. */
static void remove_tmpdir(void)
{
	if (tmpdir[0] == '\0')
		return;
	nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	tmpdir[0] = '\0';
}

int tap_done(void)
{
	remove_tmpdir();
	if (!tap_planned)
		printf("1..%d\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}

char *tap_slurp(const char *relpath, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	char *buf;

	if (snprintf(path, sizeof(path), "%s/tests/data/%s", top ? top : ".", relpath) >= (int)sizeof(path)) {
		printf("Bail out! path too long: %s\n", relpath);
		exit(1);
	}
	buf = tap_read_file(path, len);
	if (buf == NULL) {
		printf("Bail out! cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return buf;
}

char *tap_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, used = 0;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - used < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			if (buf == NULL) {
				puts("Bail out! out of memory");
				exit(1);
			}
		}
		size_t n = fread(buf + used, 1, cap - used, f);
		used += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	buf[used] = '\0';
	*len = used;
	return buf;
}

const char *tap_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0] != '\0')
		return tmpdir;
	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	if (snprintf(tmpdir, sizeof(tmpdir), "%s/pcb-test-XXXXXX", base) >= (int)sizeof(tmpdir) ||
	    mkdtemp(tmpdir) == NULL) {
		printf("Bail out! cannot make a directory under %s: %s\n", base, strerror(errno));
		exit(1);
	}
	return tmpdir;
}

const char *tap_tmppath(const char *name)
{
	static char path[sizeof(tmpdir) + 256];

	if (snprintf(path, sizeof(path), "%s/%s", tap_tmpdir(), name) >= (int)sizeof(path)) {
		printf("Bail out! path too long: %s\n", name);
		exit(1);
	}
	return path;
}

enum { TAP_ENV_MAX = 16 };
static const char *env_names[TAP_ENV_MAX];
static const char *env_values[TAP_ENV_MAX];
static size_t env_count;

void tap_setenv(const char *name, const char *value)
{
	if (env_count == TAP_ENV_MAX) {
		puts("Bail out! tap_setenv: more than TAP_ENV_MAX names");
		exit(1);
	}
	env_names[env_count] = name;
	env_values[env_count++] = value;
}

void tap_clearenv(void)
{
	env_count = 0;
}

const char *tap_getenv(const char *name)
{
	/* The last setting of a name wins, as with setenv(3). */
	for (size_t i = env_count; i-- > 0;)
		if (strcmp(env_names[i], name) == 0)
			return env_values[i];
	return NULL;
}
