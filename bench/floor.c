/*
 * floor.c: the transport floor. A FastCGI responder on fd 0 (spawn-fcgi) that
 * does what push_callback cannot avoid and nothing else: accept with libfcgi,
 * read the whole body into one reused buffer, answer the fixed OK JSON.
 * No checks, no parse, no log: what push_callback costs beyond this is ours.
 */
#include <stdlib.h>

#include <fcgiapp.h>

#define BODY_MAX (1024 * 1024 + 1)

static const char ok[] = "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n"
			 "{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}";

int main(void)
{
	FCGX_Request req;
	char *body = malloc(BODY_MAX);

	if (body == NULL || FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		/* Read to the end as push_callback does, whatever the length says. */
		while (FCGX_GetStr(body, BODY_MAX, req.in) > 0)
			continue;
		FCGX_PutStr(ok, (int)sizeof(ok) - 1, req.out);
		FCGX_Finish_r(&req);
	}
	free(body);
	return 0;
}
