/*
 * fuzz-replay: runs a fuzz target's LLVMFuzzerTestOneInput over files named
 * on the command line, without libFuzzer, printing TAP: the committed corpora
 * (every seed, every crash ever found) replay in every `make check`, under
 * any compiler, ASan and valgrind. Linked with fuzz-request.c it is
 * fuzz/fuzz-replay (fuzz/corpus), with fuzz-report.c fuzz/fuzz-report-replay
 * (fuzz/corpus-report).
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0;

		if (f == NULL) {
			printf("not ok %d - %s: cannot open\n", i, argv[i]);
			failed++;
			continue;
		}
		for (;;) {
			if (len == cap) {
				cap = cap ? cap * 2 : 4096;
				uint8_t *grown = realloc(buf, cap);
				if (grown == NULL)
					abort();
				buf = grown;
			}
			size_t n = fread(buf + len, 1, cap - len, f);
			if (n == 0)
				break;
			len += n;
		}
		fclose(f);
		/* A crash or a broken contract aborts the whole run, and so fails the test. */
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %d - %s\n", i, argv[i]);
	}
	printf("1..%d\n", argc - 1);
	return failed ? 1 : 0;
}
