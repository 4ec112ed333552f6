/* pcb_schema.c: the tables. Sources: Tencent's pages for Push.OfflinePush
 * (../shared/spec) and "All Users / Tags / UserID Push Callback". */
#include <config.h>

#include "pcb_schema.h"

#include <string.h>

#include "pcb_limits.h"

#define U32_MAX_AS_I64 ((int64_t)UINT32_MAX)

/* Shorthands that keep each table row on one line. */
/* Tables aligned by column, left as they are by clang-format: */
/* clang-format off */
#define STR(n, r)            { n, PCB_FT_STRING, r, 0, 0, -1, 0 }
#define STR_WHEN(n, f, v)    { n, PCB_FT_STRING, PCB_REQ_WHEN, 0, 0, f, v }
#define INT(n, r, lo, hi)    { n, PCB_FT_INT, r, lo, hi, -1, 0 }

/* Push.OfflinePush: EventType 1 is a one-to-one chat (MsgKey), 2 a group chat (GroupID). */
enum { OP_EVENTTYPE = 1 };
static const struct pcb_field offlinepush_fields[] = {
	STR("CallbackCommand", PCB_REQ_COMMAND),
	INT("EventType", PCB_REQ_ALWAYS, 1, 2),
	INT("EventTime", PCB_REQ_ALWAYS, 0, PCB_INT_MAX),
	STR("From_Account", PCB_REQ_ALWAYS),
	STR("To_Account", PCB_REQ_ALWAYS),
	INT("PushPlatform", PCB_REQ_ALWAYS, 0, PCB_INT_MAX), /* unknown vendors are data */
	INT("PushStage", PCB_REQ_ALWAYS, 0, PCB_INT_MAX),    /* unknown stages are data */
	STR_WHEN("MsgKey", OP_EVENTTYPE, 1),
	STR_WHEN("GroupID", OP_EVENTTYPE, 2),
	INT("MsgSeq", PCB_REQ_ALWAYS, 0, U32_MAX_AS_I64),
	INT("MsgRandom", PCB_REQ_OPTIONAL, 0, U32_MAX_AS_I64), /* "empty for group chats" */
	INT("MsgTime", PCB_REQ_ALWAYS, 0, PCB_INT_MAX),
	STR("PushID", PCB_REQ_ALWAYS),
	INT("ErrCode", PCB_REQ_ALWAYS, PCB_INT_MIN, PCB_INT_MAX),
	STR("ErrInfo", PCB_REQ_OPTIONAL),
};

/* Push.AllMemberPush: EventType 1 is an offline push, 2 an online push. */
static const struct pcb_field allmemberpush_fields[] = {
	STR("CallbackCommand", PCB_REQ_COMMAND),
	INT("EventType", PCB_REQ_ALWAYS, 1, 2),
	STR("TaskId", PCB_REQ_ALWAYS),
	STR("DataId", PCB_REQ_OPTIONAL),
	INT("TaskTime", PCB_REQ_ALWAYS, 0, PCB_INT_MAX),
	INT("EventTime", PCB_REQ_ALWAYS, 0, PCB_INT_MAX),
	STR("To_Account", PCB_REQ_ALWAYS),
	INT("PushPlatform", PCB_REQ_ALWAYS, 0, PCB_INT_MAX), /* 0 for online pushes */
	INT("DeviceType", PCB_REQ_OPTIONAL, 0, PCB_INT_MAX),
	INT("PushStage", PCB_REQ_ALWAYS, 0, PCB_INT_MAX),
	INT("ErrCode", PCB_REQ_ALWAYS, PCB_INT_MIN, PCB_INT_MAX),
	STR("ErrInfo", PCB_REQ_OPTIONAL),
};
/* clang-format on */

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
_Static_assert(COUNT_OF(offlinepush_fields) <= PCB_MAX_FIELDS, "a table within PCB_MAX_FIELDS");
_Static_assert(COUNT_OF(allmemberpush_fields) <= PCB_MAX_FIELDS, "a table within PCB_MAX_FIELDS");

static const struct pcb_command offlinepush = {
	"Push.OfflinePush",   "offlinepush", offlinepush_fields,   COUNT_OF(offlinepush_fields),
	.identity = "PushID", .task = NULL,  .created = "MsgTime",
};

static const struct pcb_command allmemberpush = {
	"Push.AllMemberPush", "allmemberpush",  allmemberpush_fields,  COUNT_OF(allmemberpush_fields),
	.identity = "TaskId", .task = "TaskId", .created = "TaskTime", .online_vendor = "DeviceType",
};

const struct pcb_command *const pcb_commands[] = { &offlinepush, &allmemberpush };
const size_t pcb_ncommands = COUNT_OF(pcb_commands);
_Static_assert(COUNT_OF(pcb_commands) <= PCB_MAX_COMMANDS,
	       "PCB_MAX_COMMANDS sizes the per-command arrays of the handler and the report");

/* The index of the command named [name] of [len] bytes, or -1. */
static int index_of(const char *name, size_t len)
{
	for (size_t i = 0; i < pcb_ncommands; i++) {
		const char *n = pcb_commands[i]->name;
		if (strlen(n) == len && memcmp(n, name, len) == 0)
			return (int)i;
	}
	return -1;
}

const struct pcb_command *pcb_command_find(const char *name, size_t len)
{
	int i = index_of(name, len);

	return i < 0 ? NULL : pcb_commands[i];
}

int pcb_command_index(const char *name)
{
	return index_of(name, strlen(name));
}
