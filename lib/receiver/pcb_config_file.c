/* pcb_config_file.c: see pcb_config_file.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcb_config_file.h"
#include "pcb_diag.h"
#include "pcb_io.h"

static const char *env_lookup(const char *name)
{
	return getenv(name);
}

/* Reads a whole small file into [buf]. Returns its length, -1 with errno (EFBIG: it fills [size]). */
static long read_small_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), failed, saved;
	size_t used;

	if (fd < 0)
		return -1;
	used = pcb_read_full(fd, buf, size, &failed);
	saved = failed ? errno : EFBIG;
	close(fd);
	if (failed || used == size) {
		errno = saved;
		return -1;
	}
	return (long)used;
}

int pcb_config_self_path(const char *argv0, char *out, size_t size)
{
	ssize_t n = size > 1 ? readlink("/proc/self/exe", out, size - 1) : -1;

	if (n > 0) {
		out[n] = '\0';
		return 0;
	}
	if (argv0 == NULL || strchr(argv0, '/') == NULL || strlen(argv0) >= size)
		return -1;
	memcpy(out, argv0, strlen(argv0) + 1);
	return 0;
}

int pcb_config_beside(const char *exe, char *out, size_t size)
{
	const char *slash = strrchr(exe, '/');

	if (slash == NULL)
		return -1;
	int len = snprintf(out, size, "%.*s/%s", (int)(slash - exe), exe, PCB_CONFIG_BESIDE_BINARY);
	return len < 0 || (size_t)len >= size ? -1 : 0;
}

int pcb_config_file_load(struct pcb_config *cfg, const char *cli_file, const char *exe, char *used,
			 size_t used_size, int serving)
{
	static char text[PCB_MAX_CONFIG_FILE + 1];
	const char *file = cli_file ? cli_file : getenv("PUSHCB_CONFIG");
	int required = file != NULL;
	char beside[PATH_MAX], err[512];
	long len = -1;

	used[0] = '\0';
	if (file == NULL && exe != NULL && pcb_config_beside(exe, beside, sizeof(beside)) == 0)
		file = beside;
	if (file != NULL) {
		len = read_small_file(file, text, sizeof(text));
		if (len < 0 && (required || errno != ENOENT)) {
			pcb_diag("configuration file %s: %s", file,
				 errno == EFBIG ? "larger than 64 KiB" : strerror(errno));
			return -1;
		}
		if (len >= 0)
			snprintf(used, used_size, "%s", file);
	}
	if (pcb_config_load(cfg, len >= 0 ? text : NULL, len >= 0 ? (size_t)len : 0, file, env_lookup, err,
			    sizeof(err)) < 0 ||
	    (serving && pcb_config_check_appid(cfg, err, sizeof(err)) < 0)) {
		pcb_diag("configuration: %s", err);
		return -1;
	}
	return 0;
}

int pcb_config_warnings(const struct pcb_config *cfg)
{
	const char *dirs[] = { cfg->log_dir, cfg->fallback_dir }, *what[] = { "log", "fallback" };
	struct stat st;
	int problems = 0;

	if (cfg->ntokens == 0)
		pcb_diag("warning: PUSHCB_TOKEN is not set: callers are checked by SdkAppid only");
	for (size_t i = 0; i < 2 && dirs[i][0] != '\0'; i++) {
		if (stat(dirs[i], &st) < 0) {
			pcb_diag("warning: %s directory %s: %s", what[i], dirs[i], strerror(errno));
			/* Landlock grants nothing beneath a path that is not there at confinement. */
			pcb_diag(
			    "warning: a confined worker cannot use a %s directory made after it started: "
			    "restart the workers once %s is there",
			    what[i], dirs[i]);
			problems++;
		} else if (!S_ISDIR(st.st_mode)) {
			pcb_diag("warning: %s directory %s is not a directory", what[i], dirs[i]);
			problems++;
		} else if (access(dirs[i], W_OK | X_OK) < 0) {
			pcb_diag("warning: %s directory %s is not writable by this user: %s", what[i],
				 dirs[i], strerror(errno));
			problems++;
		}
	}
	return problems;
}

static void print_line(const char *line, void *arg)
{
	fprintf(arg, "%s\n", line);
}

int pcb_config_file_check(const struct pcb_config *cfg, const char *used, FILE *out)
{
	fprintf(out, "# configuration file: %s\n", used[0] ? used : "(none)");
	pcb_config_describe(cfg, print_line, out);
	return pcb_config_warnings(cfg) == 0 ? 0 : 1;
}
