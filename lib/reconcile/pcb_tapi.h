/*
 * pcb_tapi.h: Tencent's push statistics REST API (STATISTICS-API.md): the
 * commands, their request URL and body, and their answers read into a flat
 * list of figures. The answers are json-c's; an answer that is not valid
 * JSON (such as Tencent's own normal_push_loss sample) or not of the
 * documented shape is refused with a message, never guessed at.
 */
#ifndef PCB_TAPI_H
#define PCB_TAPI_H

#include <stddef.h>
#include <stdint.h>

/* TaskIDs per all_member_* call, as documented. */
#define PCB_TAPI_TASKS_PER_CALL 5
/* A TaskID's bytes with its NUL; a longer one (from a log) is not asked about. */
#define PCB_TAPI_TASK_BYTES 128
/* An answer's body, at most; a longer one is refused. */
#define PCB_TAPI_ANSWER_MAX (16 * 1024 * 1024)
/* Figures of one answer, at most. */
#define PCB_TAPI_FIGURES_MAX 100000
/* ErrorInfo kept for messages. */
#define PCB_TAPI_INFO_BYTES 256
/* A request URL's bytes (the UserSig is about 200 of them). */
#define PCB_TAPI_URL_BYTES 2048
/* A request body's bytes: 5 TaskIDs and two times. */
#define PCB_TAPI_BODY_BYTES (PCB_TAPI_TASKS_PER_CALL * (PCB_TAPI_TASK_BYTES * 6 + 4) + 128)
/* ErrorCode of the documented rate limit (1 call per second per command). */
#define PCB_TAPI_RATE_LIMITED 60007

enum pcb_tapi_cmd {
	PCB_TAPI_NORMAL_STATS, /* normal_push_statistics: Push.OfflinePush */
	PCB_TAPI_ALL_STATS,    /* all_member_push_statistics: Push.AllMemberPush, per TaskID */
	PCB_TAPI_NORMAL_LOSS,  /* normal_push_loss */
	PCB_TAPI_ALL_LOSS,     /* all_member_push_loss */
	PCB_TAPI_NCMDS
};

/*
 * The stage a figure counts. The four counts are Tencent's TotalCount,
 * SentCount, DeliveredCount and ClickCount; the two losses its
 * *ReadyToSendLoss and *PostSendDeliveredLoss blocks.
 */
enum pcb_tapi_stage {
	PCB_STAGE_TOTAL,
	PCB_STAGE_SENT,
	PCB_STAGE_DELIVERED,
	PCB_STAGE_CLICKED,
	PCB_STAGE_SEND_LOSS,
	PCB_STAGE_DELIVER_LOSS,
	PCB_NSTAGES
};
#define PCB_STAGE_NCOUNTS PCB_STAGE_SEND_LOSS

/* A figure's platform when its block has none (ReadyToSendLoss, PostSendDeliveredLoss). */
#define PCB_TAPI_ALL_PLATFORMS (-1)

/* One number of an answer. */
struct pcb_tapi_figure {
	char task[PCB_TAPI_TASK_BYTES]; /* all_member_push_statistics's TaskID; "" otherwise */
	int online;                     /* EventType 2: an online push (PushPlatform 0) */
	int64_t platform;               /* PushPlatform, or PCB_TAPI_ALL_PLATFORMS */
	enum pcb_tapi_stage stage;
	int64_t errcode; /* the losses' ErrCode (a string in the answer); 0 for the counts */
	uint64_t count;
};

/* An answer: Tencent's ErrorCode and ErrorInfo, and with ErrorCode 0 its figures. */
struct pcb_tapi_answer {
	int64_t error_code;
	char error_info[PCB_TAPI_INFO_BYTES];
	struct pcb_tapi_figure *fig;
	size_t n, cap;
};

/* The command's name in the URL ("normal_push_statistics"...). */
const char *pcb_tapi_name(enum pcb_tapi_cmd cmd);

/* Whether [cmd] names TaskIDs (all_member_*). */
int pcb_tapi_has_tasks(enum pcb_tapi_cmd cmd);

/*
 * Writes the request URL of [cmd] under [base] (scheme and host, with an
 * optional path prefix, no trailing slash) into [out]: sdkappid, identifier
 * (percent-encoded), usersig, random and contenttype=json. Returns 0, or -1
 * when it does not fit.
 */
int pcb_tapi_url(const char *base, enum pcb_tapi_cmd cmd, const char *sdkappid, const char *identifier,
		 const char *usersig, uint32_t random, char out[PCB_TAPI_URL_BYTES]);

/*
 * Writes the JSON body of [cmd] for [start, end) and, for all_member_*, the
 * [ntasks] (1 to PCB_TAPI_TASKS_PER_CALL) TaskIDs [tasks] into [out].
 * Returns 0, or -1 when the arguments are out of range.
 */
int pcb_tapi_body(enum pcb_tapi_cmd cmd, int64_t start, int64_t end, const char *const *tasks, size_t ntasks,
		  char out[PCB_TAPI_BODY_BYTES]);

/*
 * Reads the answer [body] of [len] bytes to [cmd] into [a] (emptied first).
 * [tasks]: the [ntasks] TaskIDs the call asked about (at most
 * PCB_TAPI_TASKS_PER_CALL): a Results entry of another TaskID is ignored,
 * and one asked about in two entries makes the answer malformed; NULL takes
 * every entry. Returns 0 when it is an answer: ErrorCode is then in
 * a->error_code, and with 0 the figures are in a->fig. Returns -1 with a
 * one-line message in [err] when it is not valid JSON, not of the
 * documented shape, or too big.
 */
int pcb_tapi_parse(enum pcb_tapi_cmd cmd, const char *body, size_t len, const char *const *tasks,
		   size_t ntasks, struct pcb_tapi_answer *a, char *err, size_t errlen);

/* Frees the figures of [a]; the answer may be used again. */
void pcb_tapi_answer_free(struct pcb_tapi_answer *a);

#endif
