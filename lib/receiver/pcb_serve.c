/* pcb_serve.c: see pcb_serve.h. */
#include <config.h>

#include "pcb_diag.h"
#include "pcb_serve.h"

int pcb_serve_one(struct pcb_handler *h, struct pcb_conn *c, int64_t now, struct pcb_buf *body,
		  struct pcb_buf *out)
{
	struct pcb_request r = {
		c->param(c, "REQUEST_METHOD"),
		c->param(c, "QUERY_STRING"),
		c->param(c, "CONTENT_LENGTH"),
		c->param(c, "REMOTE_ADDR"),
	};
	size_t want = 0;
	enum pcb_err err = pcb_handler_head(h, &r, now, &want);

	if (err == PCB_OK) {
		pcb_buf_reset(body);
		if (pcb_buf_reserve(body, want) < 0) {
			err = PCB_ERR_NO_MEMORY;
		} else {
			enum pcb_read_end end = PCB_READ_DONE;
			body->len = c->read(c, body->data, want, &end);
			body->data[body->len] = '\0';
			if (end == PCB_READ_LATE)
				return -1;
			err = pcb_handler_body(h, body->data, body->len, end != PCB_READ_DONE);
		}
	}
	pcb_handler_count(h, err);
	pcb_buf_reset(out);
	pcb_response(err, out);
	if (pcb_buf_failed(out) || c->write(c, out->data, out->len) < 0)
		pcb_diag("response to %s not delivered: the client went away",
			 r.remote_addr ? r.remote_addr : "-");
	return 0;
}

void pcb_serve_dropped(struct pcb_handler *h, const char *remote_addr)
{
	pcb_diag("request from %s dropped unanswered: it did not arrive within PUSHCB_READ_TIMEOUT",
		 remote_addr != NULL ? remote_addr : "-");
	pcb_metrics_add(&h->metrics, PCB_M_DROPPED, 1);
}
