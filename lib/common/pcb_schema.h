/*
 * pcb_schema.h: what each callback command's events hold. One table per
 * command: field name, JSON type, range, and when it is required. The
 * validator and the formatter (pcb_batch) read these tables and nothing else,
 * so a third callback is one more table here.
 *
 * The order of a table is the order of the columns in the log.
 */
#ifndef PCB_SCHEMA_H
#define PCB_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

enum pcb_ftype {
	PCB_FT_STRING, /* a JSON string */
	PCB_FT_INT,    /* a JSON integer (not 1.0, not "1", not true) */
};

enum pcb_freq {
	PCB_REQ_ALWAYS,   /* absent or null: the event is refused */
	PCB_REQ_OPTIONAL, /* absent or null: an empty column */
	PCB_REQ_WHEN,     /* required when field [when_field] equals [when_value], else optional */
	PCB_REQ_COMMAND,  /* a string that must equal the command's name */
};

struct pcb_field {
	const char *name;
	enum pcb_ftype type;
	enum pcb_freq req;
	int64_t min, max; /* PCB_FT_INT: the allowed range */
	int when_field;   /* PCB_REQ_WHEN: index of an earlier PCB_FT_INT field */
	int64_t when_value;
};

struct pcb_command {
	const char *name; /* CallbackCommand, e.g. "Push.OfflinePush" */
	const char *tag;  /* in file names, e.g. "offlinepush" */
	const struct pcb_field *fields;
	size_t nfields;
	/*
	 * For the report: the field that, with To_Account, names one push to
	 * one user ("PushID"): a repeated event has the same. Only this
	 * command's table has it, so a log's header tells its command.
	 */
	const char *identity;
	/* The field naming a task sent to many users, which --by taskid groups by; or NULL. */
	const char *task;
	/* The field holding when the message was made (MsgTime, TaskTime), where --latency's spans start. */
	const char *created;
	/*
	 * For a command whose EventType PCB_EVENT_ONLINE is an online push (over
	 * the IM connection, PushPlatform 0): the field naming the device's
	 * vendor then, with PushPlatform's codes ("DeviceType"); or NULL.
	 */
	const char *online_vendor;
};

/* The EventType of an online push, for a command with pcb_command.online_vendor. */
#define PCB_EVENT_ONLINE 2

/* The most fields a command's table may have (checked when pcb_schema.c is built). */
enum { PCB_MAX_FIELDS = 32 };

/*
 * The commands this build handles; pcb_commands[i] for i < pcb_ncommands,
 * which is at most PCB_MAX_COMMANDS (checked when pcb_schema.c is built).
 */
enum { PCB_MAX_COMMANDS = 4 };
extern const struct pcb_command *const pcb_commands[];
extern const size_t pcb_ncommands;

/* Finds a command by its exact name ([len] bytes); NULL when not handled. */
const struct pcb_command *pcb_command_find(const char *name, size_t len);
/* The index in pcb_commands of the command named [name], or -1. */
int pcb_command_index(const char *name);

#endif
