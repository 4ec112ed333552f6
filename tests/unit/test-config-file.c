/*
 * test-config-file: where the configuration comes from. push_callback.conf
 * beside the binary is read when neither --config nor PUSHCB_CONFIG names a
 * file, and its absence is no error; PUSHCB_CONFIG wins over it and --config
 * over both, and a file they name must exist; the environment wins over any
 * file; a file of 64 KiB or more is refused; --check-config prints the file
 * and the values, and fails on a log directory that is not there.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pcb_config_file.h"
#include "tap.h"

static struct pcb_config cfg;
static char used[4096];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

int main(void)
{
	char bin[600], exe[700], conf[700], other[700], out[700], self[4096];

	tap_plan(16);
	unsetenv("PUSHCB_CONFIG");
	unsetenv("PUSHCB_SDKAPPID");
	unsetenv("PUSHCB_LOG_DIR");
	snprintf(bin, sizeof(bin), "%s", tap_tmppath("bin"));
	mkdir(bin, 0700);
	snprintf(exe, sizeof(exe), "%s/push_callback", bin);
	snprintf(conf, sizeof(conf), "%s/push_callback.conf", bin);
	snprintf(other, sizeof(other), "%s", tap_tmppath("other.conf"));

	tap_ok(pcb_config_beside(exe, out, sizeof(out)) == 0 && strcmp(out, conf) == 0,
	       "beside /DIR/push_callback: /DIR/push_callback.conf");
	tap_ok(pcb_config_beside("push_callback", out, sizeof(out)) < 0, "a binary with no directory: none");
	tap_ok(pcb_config_beside(exe, out, 10) < 0, "a path that does not fit: none");
	tap_ok(pcb_config_self_path("x", self, sizeof(self)) == 0 && self[0] == '/',
	       "the running binary's own path: %s", self);

	tap_is_int(pcb_config_file_load(&cfg, NULL, exe, used, sizeof(used), 0), 0,
		   "no file beside the binary: no error");
	tap_is_str(used, "", "and none read");
	tap_is_int(pcb_config_file_load(&cfg, NULL, exe, used, sizeof(used), 1), -1,
		   "but serving needs an SdkAppid");

	write_file(conf, "PUSHCB_SDKAPPID=1400000001\nPUSHCB_LOG_DIR=/nonexistent/beside\n");
	tap_ok(pcb_config_file_load(&cfg, NULL, exe, used, sizeof(used), 1) == 0 && strcmp(used, conf) == 0 &&
		   strcmp(cfg.appids[0], "1400000001") == 0,
	       "push_callback.conf beside the binary is read");
	write_file(other, "PUSHCB_SDKAPPID=1400000002\n");
	setenv("PUSHCB_CONFIG", other, 1);
	tap_ok(pcb_config_file_load(&cfg, NULL, exe, used, sizeof(used), 1) == 0 &&
		   strcmp(used, other) == 0 && strcmp(cfg.appids[0], "1400000002") == 0,
	       "PUSHCB_CONFIG wins over the file beside the binary");
	tap_ok(pcb_config_file_load(&cfg, conf, exe, used, sizeof(used), 1) == 0 && strcmp(used, conf) == 0,
	       "--config wins over PUSHCB_CONFIG");
	setenv("PUSHCB_SDKAPPID", "1400000003", 1);
	tap_ok(pcb_config_file_load(&cfg, conf, exe, used, sizeof(used), 1) == 0 &&
		   strcmp(cfg.appids[0], "1400000003") == 0,
	       "the environment wins over the file");
	unsetenv("PUSHCB_SDKAPPID");
	setenv("PUSHCB_CONFIG", tap_tmppath("missing.conf"), 1);
	tap_is_int(pcb_config_file_load(&cfg, NULL, exe, used, sizeof(used), 0), -1,
		   "a file PUSHCB_CONFIG names must exist");
	tap_is_int(pcb_config_file_load(&cfg, tap_tmppath("missing.conf"), exe, used, sizeof(used), 0), -1,
		   "so must one --config names");
	unsetenv("PUSHCB_CONFIG");

	char *big = malloc(PCB_MAX_CONFIG_FILE + 2);
	memset(big, '#', PCB_MAX_CONFIG_FILE + 1);
	big[PCB_MAX_CONFIG_FILE + 1] = '\0';
	write_file(other, big);
	free(big);
	tap_is_int(pcb_config_file_load(&cfg, other, exe, used, sizeof(used), 0), -1,
		   "a file larger than 64 KiB: refused");

	/* --check-config, on a file. */
	FILE *f = tmpfile();
	char text[8192] = "";
	tap_ok(pcb_config_file_load(&cfg, NULL, exe, used, sizeof(used), 1) == 0 &&
		   pcb_config_file_check(&cfg, used, f) == 1,
	       "--check-config: a missing log directory fails");
	rewind(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	tap_ok(strncmp(text, "# configuration file: ", 22) == 0 && strstr(text, conf) != NULL &&
		   strstr(text, "/nonexistent/beside") != NULL,
	       "and prints the file read and the values");
	return tap_done();
}
