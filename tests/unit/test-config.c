/* test-config: defaults, the file, the environment winning, and every invalid value refused by name. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcb_config.h"
#include "tap.h"

static struct pcb_config cfg;
static char err[512];

static int load(const char *file)
{
	err[0] = '\0';
	return pcb_config_load(&cfg, file, file ? strlen(file) : 0, "test.conf", tap_getenv, err,
			       sizeof(err));
}

static void refused(const char *key, const char *value, const char *want, const char *name)
{
	tap_clearenv();
	tap_setenv("PUSHCB_SDKAPPID", "1400000000");
	tap_setenv(key, value); /* the last setting wins */
	int rc = load(NULL);
	tap_ok(rc < 0 && strstr(err, want) != NULL, "%s", name);
	if (rc == 0 || strstr(err, want) == NULL)
		tap_diag("message: %s", err);
}

static void collect(const char *line, void *arg)
{
	strncat(arg, line, 4000 - strlen(arg));
	strncat(arg, "\n", 4000 - strlen(arg));
}

int main(void)
{
	tap_clearenv();
	tap_is_int(load(NULL), 0, "nothing set: a configuration (enough for the housekeeping)");
	tap_ok(pcb_config_check_appid(&cfg, err, sizeof(err)) < 0 &&
		   strstr(err, "PUSHCB_SDKAPPID is not set") != NULL,
	       "but SdkAppid is required to answer requests");

	tap_setenv("PUSHCB_SDKAPPID", "1400000000");
	tap_is_int(load(NULL), 0, "SdkAppid alone is enough");
	tap_is_int(pcb_config_check_appid(&cfg, err, sizeof(err)), 0, "and it is there");
	tap_is_str(cfg.log_dir, "/var/log/push_callback", "default log directory");
	tap_is_int(cfg.rotate, PCB_ROTATE_DAILY, "daily by default");
	tap_is_int((long long)cfg.max_body, 1048576, "1 MiB body limit by default");
	tap_is_int((long long)cfg.max_bytes, 0, "no size cap by default");
	tap_is_int(cfg.sign_window, 60, "60 s Sign window by default");
	tap_is_int((long long)cfg.ntokens, 0, "no token by default");
	tap_is_str(cfg.state_dir, "", "no state directory by default (the counters hidden among the logs)");

	tap_clearenv();
	tap_setenv("PUSHCB_SDKAPPID", " 1400000000 , 1400000001");
	tap_setenv("PUSHCB_MAX_BODY", "2M");
	tap_setenv("PUSHCB_LOG_DIR", "/srv/logs//");
	tap_setenv("PUSHCB_STATE_DIR", "/var/lib/push_callback/");
	tap_is_int(load("# comment\n\nPUSHCB_SDKAPPID=5\n  PUSHCB_ROTATE = hourly  "
			"\nPUSHCB_MAX_BYTES=10k\nPUSHCB_TOKEN=aa,bb\nPUSHCB_FSYNC=yes\nPUSHCB_MAX_BODY=1\n"),
		   0, "file and environment together");
	tap_ok(cfg.nappids == 2 && strcmp(cfg.appids[0], "1400000000") == 0 &&
		   strcmp(cfg.appids[1], "1400000001") == 0,
	       "the environment's SdkAppid list wins, items trimmed");
	tap_is_int((long long)cfg.max_body, 2 * 1024 * 1024,
		   "the environment's body limit wins over the file's");
	tap_is_int(cfg.rotate, PCB_ROTATE_HOURLY, "the file's rotation applies");
	tap_is_int((long long)cfg.max_bytes, 10240, "K suffix");
	tap_ok(cfg.ntokens == 2 && strcmp(cfg.tokens[1], "bb") == 0, "two tokens");
	tap_is_int(cfg.fsync, 1, "yes is true");
	tap_is_str(cfg.log_dir, "/srv/logs", "trailing slashes dropped");
	tap_is_str(cfg.state_dir, "/var/lib/push_callback", "PUSHCB_STATE_DIR, its trailing slash dropped");
	tap_ok(pcb_config_has_appid(&cfg, "1400000001", 10) && !pcb_config_has_appid(&cfg, "140000000", 9) &&
		   !pcb_config_has_appid(&cfg, "14000000011", 11),
	       "SdkAppid matches exactly, not by prefix");

	char described[4096] = "";
	pcb_config_describe(&cfg, collect, described);
	tap_ok(strstr(described, "PUSHCB_TOKEN=******** (2 tokens, masked)") != NULL &&
		   strstr(described, "aa") == NULL,
	       "describe masks the tokens");
	tap_ok(strstr(described, "PUSHCB_MAX_BODY=2097152    # from environment") != NULL &&
		   strstr(described, "PUSHCB_ROTATE=hourly    # from test.conf") != NULL,
	       "describe names each value's source");

	/* The file's name is kept by the configuration, not borrowed from the caller. */
	char fname[32] = "first.conf";
	tap_clearenv();
	pcb_config_load(&cfg, "PUSHCB_SDKAPPID=7\n", 18, fname, tap_getenv, err, sizeof(err));
	memset(fname, 'x', sizeof(fname) - 1);
	described[0] = '\0';
	pcb_config_describe(&cfg, collect, described);
	tap_ok(strstr(described, "PUSHCB_SDKAPPID=7    # from first.conf") != NULL,
	       "the source file's name outlives the caller's buffer");

	/* Without an environment (the fuzzer, the benchmarks): the file alone. */
	tap_setenv("PUSHCB_SDKAPPID", "8");
	tap_ok(pcb_config_load(&cfg, "PUSHCB_SDKAPPID=7\n", 18, "f", NULL, err, sizeof(err)) == 0 &&
		   pcb_config_has_appid(&cfg, "7", 1) && !pcb_config_has_appid(&cfg, "8", 1),
	       "no getenv function: the file's values, the environment not read");
	tap_ok(pcb_config_load(&cfg, NULL, 0, NULL, NULL, err, sizeof(err)) == 0 &&
		   pcb_config_check_appid(&cfg, err, sizeof(err)) < 0 &&
		   strstr(err, "PUSHCB_SDKAPPID is not set") != NULL,
	       "no file and no environment: the SdkAppid is missing");

	tap_clearenv();
	tap_setenv("PUSHCB_SDKAPPID", "1");
	tap_ok(load("PUSHCB_BOGUS=1\n") < 0 && strstr(err, "test.conf:1: unknown key 'PUSHCB_BOGUS'"),
	       "unknown key in the file");
	tap_ok(load("\nno equals sign\n") < 0 && strstr(err, "test.conf:2: expected KEY=VALUE"),
	       "a line without =");
	tap_ok(load("PUSHCB_ROTATE=weekly\n") < 0 &&
		   strstr(err, "test.conf:1: PUSHCB_ROTATE: 'weekly' is not daily or hourly"),
	       "a bad value in the file names file, line and key");

	refused("PUSHCB_SDKAPPID", "14a", "is not a decimal SdkAppid", "SdkAppid must be digits");
	refused("PUSHCB_SDKAPPID", "1,,2", "empty item", "an empty item in a list");
	refused("PUSHCB_SDKAPPID", "", "empty item", "an empty SdkAppid");
	refused("PUSHCB_LOG_DIR", "logs", "not an absolute path", "a relative log directory");
	refused("PUSHCB_STATE_DIR", "state", "not an absolute path", "a relative state directory");
	refused("PUSHCB_ROTATE", "Daily", "not daily or hourly", "rotation is case-sensitive");
	refused("PUSHCB_MAX_BODY", "0", "outside 1..67108864", "a zero body limit");
	refused("PUSHCB_MAX_BODY", "65M", "outside 1..67108864", "a body limit over the ceiling");
	refused("PUSHCB_MAX_BODY", "-1", "is not a number", "a negative body limit");
	refused("PUSHCB_MAX_BODY", "1MB", "suffix K, M or G", "an unknown suffix");
	refused("PUSHCB_MAX_BODY", "99999999999999999999999", "too large", "an overflowing number");
	refused("PUSHCB_MAX_BYTES", "20000000000G", "too large", "an overflowing size with suffix");
	refused("PUSHCB_SIGN_WINDOW", "0", "outside 1..86400", "a zero Sign window");
	refused("PUSHCB_SIGN_WINDOW", "86401", "outside 1..86400", "a Sign window over a day");
	refused("PUSHCB_FSYNC", "maybe", "is not one of", "a bad boolean");
	refused("PUSHCB_TOKEN", "a,b,c,d,e,f,g,h,i", "more than 8 items", "too many tokens");

	/* The fallback directory: another place than the log directory. */
	tap_clearenv();
	tap_setenv("PUSHCB_SDKAPPID", "1400000000");
	tap_is_int(load(NULL), 0, "no fallback directory by default");
	tap_is_str(cfg.fallback_dir, "", "it is empty");
	tap_setenv("PUSHCB_LOG_DIR", "/srv/logs");
	tap_setenv("PUSHCB_FALLBACK_DIR", "/srv/spare/");
	tap_is_int(load(NULL), 0, "a fallback directory beside the log directory");
	tap_is_str(cfg.fallback_dir, "/srv/spare", "without its trailing slash");
	tap_setenv("PUSHCB_FALLBACK_DIR", "/srv/logs-2");
	tap_is_int(load(NULL), 0, "a name that only starts like the log directory's is another directory");
	refused("PUSHCB_FALLBACK_DIR", "spare", "not an absolute path", "a relative fallback directory");
	tap_setenv("PUSHCB_LOG_DIR", "/srv/logs");
	tap_setenv("PUSHCB_FALLBACK_DIR", "/srv/logs/");
	tap_ok(load(NULL) < 0 &&
		   strcmp(err, "PUSHCB_FALLBACK_DIR: '/srv/logs' is the log directory '/srv/logs' or "
			       "inside it: it must be another directory, ideally on another file "
			       "system") == 0,
	       "the log directory itself is refused, with the reason");
	tap_setenv("PUSHCB_FALLBACK_DIR", "/srv/logs/spare");
	tap_ok(load(NULL) < 0 && strstr(err, "or inside it") != NULL, "a directory inside it is refused");
	tap_setenv("PUSHCB_LOG_DIR", "/");
	tap_ok(load(NULL) < 0 && strstr(err, "or inside it") != NULL, "every directory is inside /");
	/* Where the names lead, when both exist: a symbolic link into the log directory. */
	char logs[512], link_path[512];
	snprintf(logs, sizeof(logs), "%s", tap_tmppath("logs"));
	snprintf(link_path, sizeof(link_path), "%s", tap_tmppath("spare"));
	tap_ok(mkdir(logs, 0755) == 0 && symlink(logs, link_path) == 0, "a link to the log directory");
	tap_setenv("PUSHCB_LOG_DIR", logs);
	tap_setenv("PUSHCB_FALLBACK_DIR", link_path);
	tap_ok(load(NULL) < 0 && strstr(err, "or inside it") != NULL,
	       "a link to the log directory is refused");
	/* As --fallback-dir sets it, over what was loaded. */
	tap_setenv("PUSHCB_FALLBACK_DIR", "/srv/spare");
	tap_is_int(load(NULL), 0, "loaded with a good fallback directory");
	tap_ok(pcb_config_set(&cfg, "PUSHCB_FALLBACK_DIR", logs, "--fallback-dir", err, sizeof(err)) < 0 &&
		   strstr(err, "or inside it") != NULL,
	       "set from the command line to the log directory: refused the same way");
	tap_is_int(
	    pcb_config_set(&cfg, "PUSHCB_FALLBACK_DIR", "/srv/other", "--fallback-dir", err, sizeof(err)), 0,
	    "set to another one: taken");
	described[0] = '\0';
	pcb_config_describe(&cfg, collect, described);
	tap_ok(strstr(described, "PUSHCB_FALLBACK_DIR=/srv/other    # from --fallback-dir") != NULL,
	       "describe names it and the option it came from");
	return tap_done();
}
