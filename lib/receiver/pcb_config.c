/* pcb_config.c: see pcb_config.h. */
#include <config.h>

#include "pcb_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum key {
	K_SDKAPPID,
	K_LOG_DIR,
	K_FALLBACK_DIR,
	K_ROTATE,
	K_MAX_BYTES,
	K_MAX_BODY,
	K_TOKEN,
	K_SIGN_WINDOW,
	K_FSYNC,
	K_READ_TIMEOUT,
	K_KEEP_DAYS,
	K_STATE_DIR,
	K_ADMIN_IDENTIFIER,
	K_ADMIN_KEY,
	K_COUNT
};

_Static_assert(K_COUNT <= PCB_CONFIG_KEYS_MAX, "pcb_config.source has a slot per key");

static const char *const key_names[K_COUNT] = {
	[K_SDKAPPID] = "PUSHCB_SDKAPPID",
	[K_LOG_DIR] = "PUSHCB_LOG_DIR",
	[K_FALLBACK_DIR] = "PUSHCB_FALLBACK_DIR",
	[K_ROTATE] = "PUSHCB_ROTATE",
	[K_MAX_BYTES] = "PUSHCB_MAX_BYTES",
	[K_MAX_BODY] = "PUSHCB_MAX_BODY",
	[K_TOKEN] = "PUSHCB_TOKEN",
	[K_SIGN_WINDOW] = "PUSHCB_SIGN_WINDOW",
	[K_FSYNC] = "PUSHCB_FSYNC",
	[K_READ_TIMEOUT] = "PUSHCB_READ_TIMEOUT",
	[K_KEEP_DAYS] = "PUSHCB_KEEP_DAYS",
	[K_STATE_DIR] = "PUSHCB_STATE_DIR",
	[K_ADMIN_IDENTIFIER] = "PUSHCB_ADMIN_IDENTIFIER",
	[K_ADMIN_KEY] = "PUSHCB_ADMIN_KEY",
};

#define FAIL(...)                                   \
	do {                                        \
		snprintf(err, errlen, __VA_ARGS__); \
		return -1;                          \
	} while (0)

/*
 * Checks the directory [v] of [key] and copies it to [dir] (PATH_MAX bytes),
 * without trailing slashes, which would double in file names. Returns 0, or
 * -1 with a message.
 */
static int set_dir(const char *key, const char *v, char *dir, char *err, size_t errlen)
{
	if (v[0] != '/')
		FAIL("%s: '%s' is not an absolute path", key, v);
	if (strlen(v) >= PATH_MAX - 64)
		FAIL("%s: path too long", key);
	snprintf(dir, PATH_MAX, "%s", v);
	for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
		dir[len - 1] = '\0';
	return 0;
}

/* Is the directory [in] the directory [dir] or inside it, by their names? */
static int same_or_inside(const char *in, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(in, dir, n) == 0 && (in[n] == '\0' || in[n] == '/');
}

/*
 * The fallback directory must be another place than the log directory: not
 * it, not inside it (by name, and by where both lead when they exist), or a
 * full disk would fill both. Returns 0, or -1 with a message.
 */
static int check_fallback(const struct pcb_config *cfg, char *err, size_t errlen)
{
	char real_log[PATH_MAX], real_fb[PATH_MAX];

	if (cfg->fallback_dir[0] == '\0')
		return 0;
	if (same_or_inside(cfg->fallback_dir, cfg->log_dir) ||
	    (realpath(cfg->log_dir, real_log) != NULL && realpath(cfg->fallback_dir, real_fb) != NULL &&
	     same_or_inside(real_fb, real_log)))
		FAIL("PUSHCB_FALLBACK_DIR: '%s' is the log directory '%s' or inside it: it must be "
		     "another directory, ideally on another file system",
		     cfg->fallback_dir, cfg->log_dir);
	return 0;
}

/* Splits [v] on commas into at most [max] items of at most [size]-1 bytes each. */
static int split_list(const char *key, const char *v, char *items, size_t size, size_t max, size_t *count,
		      char *err, size_t errlen)
{
	size_t n = 0;
	const char *p = v;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len > 0 && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len == 0)
			FAIL("%s: empty item in list", key);
		if (n == max)
			FAIL("%s: more than %zu items", key, max);
		if (len >= size)
			FAIL("%s: item longer than %zu bytes", key, size - 1);
		memcpy(items + n * size, p, len);
		items[n * size + len] = '\0';
		n++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	*count = n;
	return 0;
}

/* A decimal number with an optional K, M or G (binary) suffix, in [lo, hi]. */
static int parse_size(const char *key, const char *v, uint64_t lo, uint64_t hi, uint64_t *out, char *err,
		      size_t errlen)
{
	char *end;
	unsigned long long n;
	uint64_t mult = 1;

	if (!isdigit((unsigned char)v[0]))
		FAIL("%s: '%s' is not a number", key, v);
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno == ERANGE)
		FAIL("%s: '%s' is too large", key, v);
	if (*end != '\0') {
		switch (*end) {
		case 'k':
		case 'K':
			mult = 1024;
			break;
		case 'm':
		case 'M':
			mult = 1024 * 1024;
			break;
		case 'g':
		case 'G':
			mult = 1024 * 1024 * 1024;
			break;
		default:
			FAIL("%s: '%s' is not a number (suffix K, M or G allowed)", key, v);
		}
		if (end[1] != '\0')
			FAIL("%s: '%s' is not a number (suffix K, M or G allowed)", key, v);
	}
	if (n > UINT64_MAX / mult)
		FAIL("%s: '%s' is too large", key, v);
	n *= mult;
	if (n < lo || n > hi)
		FAIL("%s: %llu is outside %llu..%llu", key, n, (unsigned long long)lo,
		     (unsigned long long)hi);
	*out = n;
	return 0;
}

static int parse_bool(const char *key, const char *v, int *out, char *err, size_t errlen)
{
	if (strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "on") == 0)
		*out = 1;
	else if (strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 ||
		 strcasecmp(v, "off") == 0)
		*out = 0;
	else
		FAIL("%s: '%s' is not one of 1, 0, yes, no, true, false, on, off", key, v);
	return 0;
}

/* Checks and stores one value. */
static int set_value(struct pcb_config *cfg, enum key k, const char *v, const char *source, char *err,
		     size_t errlen)
{
	const char *key = key_names[k];
	uint64_t n;

	switch (k) {
	case K_SDKAPPID:
		if (split_list(key, v, &cfg->appids[0][0], sizeof(cfg->appids[0]), PCB_MAX_APPIDS,
			       &cfg->nappids, err, errlen) < 0)
			return -1;
		for (size_t i = 0; i < cfg->nappids; i++)
			for (const char *p = cfg->appids[i]; *p; p++)
				if (!isdigit((unsigned char)*p))
					FAIL("%s: '%s' is not a decimal SdkAppid", key, cfg->appids[i]);
		break;
	case K_LOG_DIR:
		if (set_dir(key, v, cfg->log_dir, err, errlen) < 0)
			return -1;
		break;
	case K_STATE_DIR:
		/* Empty: none (the counters stay in the log directory, hidden). */
		if (v[0] == '\0')
			cfg->state_dir[0] = '\0';
		else if (set_dir(key, v, cfg->state_dir, err, errlen) < 0)
			return -1;
		break;
	case K_FALLBACK_DIR:
		if (v[0] == '\0') /* set empty: none */
			cfg->fallback_dir[0] = '\0';
		else if (set_dir(key, v, cfg->fallback_dir, err, errlen) < 0)
			return -1;
		break;
	case K_ROTATE:
		if (strcmp(v, "daily") == 0)
			cfg->rotate = PCB_ROTATE_DAILY;
		else if (strcmp(v, "hourly") == 0)
			cfg->rotate = PCB_ROTATE_HOURLY;
		else
			FAIL("%s: '%s' is not daily or hourly", key, v);
		break;
	case K_MAX_BYTES:
		if (parse_size(key, v, 0, UINT64_MAX / 2, &cfg->max_bytes, err, errlen) < 0)
			return -1;
		break;
	case K_MAX_BODY:
		if (parse_size(key, v, 1, PCB_MAX_BODY_CEILING, &n, err, errlen) < 0)
			return -1;
		cfg->max_body = (size_t)n;
		break;
	case K_TOKEN:
		if (split_list(key, v, &cfg->tokens[0][0], sizeof(cfg->tokens[0]), PCB_MAX_TOKENS,
			       &cfg->ntokens, err, errlen) < 0)
			return -1;
		break;
	case K_SIGN_WINDOW:
		if (parse_size(key, v, 1, PCB_SIGN_WINDOW_CEILING, &n, err, errlen) < 0)
			return -1;
		cfg->sign_window = (unsigned)n;
		break;
	case K_FSYNC:
		if (parse_bool(key, v, &cfg->fsync, err, errlen) < 0)
			return -1;
		break;
	case K_READ_TIMEOUT:
		if (parse_size(key, v, 1, PCB_READ_TIMEOUT_CEILING, &n, err, errlen) < 0)
			return -1;
		cfg->read_timeout = (unsigned)n;
		break;
	case K_KEEP_DAYS:
		if (parse_size(key, v, 0, PCB_KEEP_DAYS_CEILING, &n, err, errlen) < 0)
			return -1;
		cfg->keep_days = (unsigned)n;
		break;
	case K_ADMIN_IDENTIFIER:
		if (v[0] == '\0' || strlen(v) > PCB_MAX_ADMIN_IDENTIFIER)
			FAIL("%s: must have 1 to %d bytes", key, PCB_MAX_ADMIN_IDENTIFIER);
		snprintf(cfg->admin_identifier, sizeof(cfg->admin_identifier), "%s", v);
		break;
	case K_ADMIN_KEY:
		/* The message never quotes the key. */
		if (v[0] == '\0' || strlen(v) > PCB_MAX_ADMIN_KEY)
			FAIL("%s: must have 1 to %d bytes", key, PCB_MAX_ADMIN_KEY);
		snprintf(cfg->admin_key, sizeof(cfg->admin_key), "%s", v);
		break;
	case K_COUNT:
		break;
	}
	cfg->source[k] = source;
	return 0;
}

static int find_key(const char *name, size_t len)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strlen(key_names[k]) == len && memcmp(key_names[k], name, len) == 0)
			return k;
	return -1;
}

static int load_file(struct pcb_config *cfg, const char *file, size_t filelen, const char *filename,
		     char *err, size_t errlen)
{
	char line[PCB_MAX_TOKEN_BYTES * PCB_MAX_TOKENS + 256];
	size_t pos = 0;
	unsigned lineno = 0;

	if (filelen > PCB_MAX_CONFIG_FILE)
		FAIL("%s: larger than %d bytes", filename, PCB_MAX_CONFIG_FILE);
	while (pos < filelen) {
		const char *start = file + pos;
		const char *nl = memchr(start, '\n', filelen - pos);
		size_t len = nl ? (size_t)(nl - start) : filelen - pos;
		pos += len + 1;
		lineno++;
		if (len >= sizeof(line))
			FAIL("%s:%u: line too long", filename, lineno);
		memcpy(line, start, len);
		line[len] = '\0';
		if (memchr(line, '\0', len) != NULL)
			FAIL("%s:%u: NUL byte", filename, lineno);
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		char *eq = strchr(p, '=');
		if (eq == NULL)
			FAIL("%s:%u: expected KEY=VALUE", filename, lineno);
		char *kend = eq;
		while (kend > p && isspace((unsigned char)kend[-1]))
			kend--;
		char *v = eq + 1;
		while (isspace((unsigned char)*v))
			v++;
		char *vend = v + strlen(v);
		while (vend > v && isspace((unsigned char)vend[-1]))
			vend--;
		*vend = '\0';
		int k = find_key(p, (size_t)(kend - p));
		if (k < 0) {
			*kend = '\0';
			FAIL("%s:%u: unknown key '%s'", filename, lineno, p);
		}
		if (set_value(cfg, (enum key)k, v, filename, err, errlen) < 0) {
			char inner[256];
			snprintf(inner, sizeof(inner), "%s", err);
			FAIL("%s:%u: %s", filename, lineno, inner);
		}
	}
	return 0;
}

int pcb_config_load(struct pcb_config *cfg, const char *file, size_t filelen, const char *filename,
		    pcb_getenv_fn getenv_fn, char *err, size_t errlen)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->log_dir, sizeof(cfg->log_dir), "%s", PCB_DEFAULT_LOG_DIR);
	cfg->rotate = PCB_ROTATE_DAILY;
	cfg->max_body = PCB_MAX_BODY_DEFAULT;
	cfg->sign_window = PCB_SIGN_WINDOW_DEFAULT;
	cfg->read_timeout = PCB_READ_TIMEOUT_DEFAULT;
	snprintf(cfg->admin_identifier, sizeof(cfg->admin_identifier), "%s", PCB_DEFAULT_ADMIN_IDENTIFIER);
	for (int k = 0; k < K_COUNT; k++)
		cfg->source[k] = "default";

	snprintf(cfg->file, sizeof(cfg->file), "%s", filename ? filename : "config");
	if (file != NULL && load_file(cfg, file, filelen, cfg->file, err, errlen) < 0)
		return -1;
	for (int k = 0; k < K_COUNT && getenv_fn != NULL; k++) {
		const char *v = getenv_fn(key_names[k]);
		if (v != NULL && set_value(cfg, (enum key)k, v, "environment", err, errlen) < 0)
			return -1;
	}
	return check_fallback(cfg, err, errlen);
}

int pcb_config_set(struct pcb_config *cfg, const char *key, const char *value, const char *source, char *err,
		   size_t errlen)
{
	int k = find_key(key, strlen(key));

	if (k < 0)
		FAIL("unknown key '%s'", key);
	if (set_value(cfg, (enum key)k, value, source, err, errlen) < 0)
		return -1;
	return check_fallback(cfg, err, errlen);
}

int pcb_config_check_appid(const struct pcb_config *cfg, char *err, size_t errlen)
{
	if (cfg->nappids == 0)
		FAIL("PUSHCB_SDKAPPID is not set: the SdkAppid(s) of your app, comma-separated");
	return 0;
}

int pcb_config_has_appid(const struct pcb_config *cfg, const char *appid, size_t len)
{
	for (size_t i = 0; i < cfg->nappids; i++)
		if (strlen(cfg->appids[i]) == len && memcmp(cfg->appids[i], appid, len) == 0)
			return 1;
	return 0;
}

void pcb_config_describe(const struct pcb_config *cfg, void (*emit)(const char *line, void *arg), void *arg)
{
	char line[PATH_MAX + 128], value[PATH_MAX];

	for (int k = 0; k < K_COUNT; k++) {
		size_t used = 0;
		value[0] = '\0';
		switch ((enum key)k) {
		case K_SDKAPPID:
			for (size_t i = 0; i < cfg->nappids; i++)
				used += (size_t)snprintf(value + used, sizeof(value) - used, "%s%s",
							 i ? "," : "", cfg->appids[i]);
			break;
		case K_LOG_DIR:
			snprintf(value, sizeof(value), "%s", cfg->log_dir);
			break;
		case K_FALLBACK_DIR:
			snprintf(value, sizeof(value), "%s", cfg->fallback_dir);
			break;
		case K_ROTATE:
			snprintf(value, sizeof(value), "%s",
				 cfg->rotate == PCB_ROTATE_HOURLY ? "hourly" : "daily");
			break;
		case K_MAX_BYTES:
			snprintf(value, sizeof(value), "%llu", (unsigned long long)cfg->max_bytes);
			break;
		case K_MAX_BODY:
			snprintf(value, sizeof(value), "%zu", cfg->max_body);
			break;
		case K_TOKEN:
			/* Secrets are never printed: only how many there are. */
			if (cfg->ntokens > 0)
				snprintf(value, sizeof(value), "******** (%zu token%s, masked)", cfg->ntokens,
					 cfg->ntokens == 1 ? "" : "s");
			break;
		case K_SIGN_WINDOW:
			snprintf(value, sizeof(value), "%u", cfg->sign_window);
			break;
		case K_FSYNC:
			snprintf(value, sizeof(value), "%d", cfg->fsync);
			break;
		case K_READ_TIMEOUT:
			snprintf(value, sizeof(value), "%u", cfg->read_timeout);
			break;
		case K_KEEP_DAYS:
			snprintf(value, sizeof(value), "%u", cfg->keep_days);
			break;
		case K_STATE_DIR:
			snprintf(value, sizeof(value), "%s", cfg->state_dir);
			break;
		case K_ADMIN_IDENTIFIER:
			snprintf(value, sizeof(value), "%s", cfg->admin_identifier);
			break;
		case K_ADMIN_KEY:
			/* Secrets are never printed: only whether it is set. */
			if (cfg->admin_key[0] != '\0')
				snprintf(value, sizeof(value), "******** (set, masked)");
			break;
		case K_COUNT:
			break;
		}
		snprintf(line, sizeof(line), "%s=%s    # from %s", key_names[k], value, cfg->source[k]);
		emit(line, arg);
	}
}
