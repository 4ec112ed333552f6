/* test-logread-file: reading lines from plain and gzip files, overlong and cut lines, bad gzip. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "pcb_logread.h"
#include "tap.h"

static void write_plain(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(tap_tmppath(name), "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", tap_tmppath(name));
		exit(1);
	}
}

static void write_gz(const char *name, const char *data, size_t len)
{
	gzFile g = gzopen(tap_tmppath(name), "wb");

	if (g == NULL || gzwrite(g, data, (unsigned)len) != (int)len || gzclose(g) != Z_OK) {
		printf("Bail out! cannot write %s\n", tap_tmppath(name));
		exit(1);
	}
}

/* Reads every line of [name]; checks their texts against [want] ([n] lines) and the final status. */
static void reads(const char *name, const char *const *want, size_t n, enum pcb_lr_status last,
		  const char *what)
{
	struct pcb_lr_file *f = pcb_lr_open(tap_tmppath(name));
	enum pcb_lr_status st = PCB_LR_ERROR;
	size_t i = 0, len;
	char *line;
	int same = f != NULL;

	while (f != NULL && (st = pcb_lr_next(f, &line, &len)) == PCB_LR_LINE) {
		if (i >= n || len != strlen(want[i]) || memcmp(line, want[i], len) != 0 || line[len] != '\0')
			same = 0;
		i++;
	}
	tap_ok(same && i == n, "%s: the %zu lines", what, n);
	tap_is_int(st, last, what);
	pcb_lr_close(f);
}

/* Reads [name] and checks the status and text of each line against [want] (n of each). */
static void reads_status(const char *name, const enum pcb_lr_status *st_want, const char *const *want,
			 size_t n, const char *what)
{
	struct pcb_lr_file *f = pcb_lr_open(tap_tmppath(name));
	enum pcb_lr_status st;
	size_t i = 0, len;
	char *line;
	int same = f != NULL;

	while (f != NULL && (st = pcb_lr_next(f, &line, &len)) != PCB_LR_EOF && st != PCB_LR_ERROR) {
		if (i >= n || st != st_want[i] || len != strlen(want[i]) || memcmp(line, want[i], len) != 0)
			same = 0;
		i++;
	}
	tap_ok(same && i == n, "%s", what);
	pcb_lr_close(f);
}

/* A line ending in the torn byte is returned as torn; the "#torn" comment is not a line. */
static void test_torn(void)
{
	static const char data[] = "#fields\ta\tb\n1\t2\n3\t" PCB_LOG_TORN_END "5\t6\n#to\377\n7";
	static const char *const want[] = { "#fields\ta\tb", "1\t2", "3\t\377", "5\t6", "#to\377", "7" };
	static const enum pcb_lr_status st[] = { PCB_LR_LINE, PCB_LR_LINE, PCB_LR_TORN,
						 PCB_LR_LINE, PCB_LR_TORN, PCB_LR_INCOMPLETE };

	write_plain("torn.tsv", data, strlen(data));
	reads_status("torn.tsv", st, want, 6,
		     "a torn line and a cut comment are torn, the comment skipped, the rest read");
	write_gz("torn.tsv.gz", data, strlen(data));
	reads_status("torn.tsv.gz", st, want, 6, "the same compressed");
	unlink(tap_tmppath("torn.tsv"));
	unlink(tap_tmppath("torn.tsv.gz"));
}

int main(void)
{
	static const char data[] = "#fields\ta\tb\n1\t2\n3\t4\n";
	static const char *const lines[] = { "#fields\ta\tb", "1\t2", "3\t4" };
	struct pcb_lr_file *f;
	char *big, *line;
	size_t len, glen;
	FILE *in;
	char gzdata[4096];

	write_plain("plain.tsv", data, strlen(data));
	reads("plain.tsv", lines, 3, PCB_LR_EOF, "plain file");
	write_gz("packed.tsv.gz", data, strlen(data));
	reads("packed.tsv.gz", lines, 3, PCB_LR_EOF, "gzip file");

	write_plain("cut.tsv", "#fields\ta\tb\n1\t2\n3\t", 18);
	f = pcb_lr_open(tap_tmppath("cut.tsv"));
	pcb_lr_next(f, &line, &len);
	pcb_lr_next(f, &line, &len);
	tap_is_int(pcb_lr_next(f, &line, &len), PCB_LR_INCOMPLETE, "bytes after the last LF are incomplete");
	tap_is_mem(line, len, "3\t", 2, "the incomplete line's bytes are given");
	tap_is_int((long long)pcb_lr_lineno(f), 3, "it is line 3");
	tap_is_int(pcb_lr_next(f, &line, &len), PCB_LR_EOF, "then the end");
	pcb_lr_close(f);

	/* A line one byte over the limit between two good ones. */
	big = malloc(PCB_LR_LINE_MAX + 16);
	if (big == NULL)
		return 1;
	memcpy(big, "ok\n", 3);
	memset(big + 3, 'x', PCB_LR_LINE_MAX + 1);
	memcpy(big + 3 + PCB_LR_LINE_MAX + 1, "\nend\n", 5);
	write_plain("long.tsv", big, PCB_LR_LINE_MAX + 9);
	f = pcb_lr_open(tap_tmppath("long.tsv"));
	tap_ok(pcb_lr_next(f, &line, &len) == PCB_LR_LINE && len == 2, "the line before an overlong one");
	tap_is_int(pcb_lr_next(f, &line, &len), PCB_LR_TOO_LONG, "an overlong line is reported");
	tap_ok(pcb_lr_next(f, &line, &len) == PCB_LR_LINE && len == 3 && memcmp(line, "end", 3) == 0,
	       "the line after it is read whole");
	tap_is_int((long long)pcb_lr_lineno(f), 3, "line numbers count the overlong line");
	pcb_lr_close(f);
	memset(big, 'y', PCB_LR_LINE_MAX);
	big[PCB_LR_LINE_MAX] = '\n';
	write_plain("max.tsv", big, PCB_LR_LINE_MAX + 1);
	f = pcb_lr_open(tap_tmppath("max.tsv"));
	tap_ok(pcb_lr_next(f, &line, &len) == PCB_LR_LINE && len == PCB_LR_LINE_MAX,
	       "a line of exactly the limit is read");
	pcb_lr_close(f);
	free(big);

	/* A gzip file cut in the middle: a read error, not a silent end. */
	in = fopen(tap_tmppath("packed.tsv.gz"), "rb");
	glen = in != NULL ? fread(gzdata, 1, sizeof(gzdata), in) : 0;
	if (in != NULL)
		fclose(in);
	write_plain("cut.tsv.gz", gzdata, glen - 12);
	f = pcb_lr_open(tap_tmppath("cut.tsv.gz"));
	{
		enum pcb_lr_status st;

		while ((st = pcb_lr_next(f, &line, &len)) == PCB_LR_LINE)
			;
		tap_is_int(st, PCB_LR_ERROR, "a truncated gzip file is a read error");
		tap_ok(strcmp(pcb_lr_strerror(f), "no error") != 0, "with a reason: %s", pcb_lr_strerror(f));
	}
	pcb_lr_close(f);

	/* gzip members one after another are one file; anything else after a member is damage. */
	{
		static const char *const two[] = { "#fields\ta\tb", "1\t2", "3\t4",
						   "#fields\ta\tb", "1\t2", "3\t4" };
		enum pcb_lr_status st;
		char both[8192];

		memcpy(both, gzdata, glen);
		memcpy(both + glen, gzdata, glen);
		write_plain("two.tsv.gz", both, 2 * glen);
		reads("two.tsv.gz", two, 6, PCB_LR_EOF, "two gzip members: both read");
		memcpy(both + glen, "5\t6\n", 4);
		write_plain("trail.tsv.gz", both, glen + 4);
		f = pcb_lr_open(tap_tmppath("trail.tsv.gz"));
		while ((st = pcb_lr_next(f, &line, &len)) == PCB_LR_LINE)
			;
		tap_is_int(st, PCB_LR_ERROR, "plain bytes after a gzip member are a read error");
		tap_is_str(pcb_lr_strerror(f), "data after the end of the gzip stream", "saying so");
		pcb_lr_close(f);
		write_plain("trail.tsv.gz", both, glen + 1);
		f = pcb_lr_open(tap_tmppath("trail.tsv.gz"));
		while ((st = pcb_lr_next(f, &line, &len)) == PCB_LR_LINE)
			;
		tap_is_int(st, PCB_LR_ERROR, "even one byte after it");
		pcb_lr_close(f);
		unlink(tap_tmppath("two.tsv.gz"));
		unlink(tap_tmppath("trail.tsv.gz"));
	}

	test_torn();

	errno = 0;
	tap_ok(pcb_lr_open(tap_tmppath("absent.tsv")) == NULL && errno == ENOENT,
	       "a missing file fails with ENOENT");
	pcb_lr_close(NULL); /* a no-op: a crash ends the run */

	return tap_done();
}
