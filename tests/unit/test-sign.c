/* test-sign: Tencent's test vector, the window, several tokens, malformed input. */
#include <config.h>

#include <string.h>

#include "pcb_sign.h"
#include "tap.h"

#define VECTOR "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"

int main(void)
{
	char out[PCB_SIGN_HEX_LEN + 1];
	char tokens[3][16] = { "old-token", "xxxxyyyy", "" };
	time_t t = 1669872112;

	tap_ok(pcb_sign_compute("xxxxyyyy", 8, "1669872112", 10, out) == 0, "compute works");
	tap_is_str(out, VECTOR, "Tencent's test vector: xxxxyyyy + 1669872112");

	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, "1669872112", 10, t, 60), PCB_OK,
		   "the vector verifies");
	tap_is_int(pcb_sign_verify(&tokens[0][0], 16, 2, VECTOR, 64, "1669872112", 10, t, 60), PCB_OK,
		   "with two tokens, the second matching");
	tap_is_int(pcb_sign_verify(&tokens[0][0], 16, 1, VECTOR, 64, "1669872112", 10, t, 60),
		   PCB_ERR_SIGN_WRONG, "a different token does not match");
	char upper[] = "17773BC39A671D7B9AA835458704D2A6DB81360A5940292B587D6D760D484061";
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, upper, 64, "1669872112", 10, t, 60), PCB_OK,
		   "upper-case hex is the same Sign");
	char flipped[] = VECTOR;
	flipped[63] = '0';
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, flipped, 64, "1669872112", 10, t, 60),
		   PCB_ERR_SIGN_WRONG, "one digit off does not match");
	char middle[] = VECTOR;
	middle[31] = '0';
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, middle, 64, "1669872112", 10, t, 60),
		   PCB_ERR_SIGN_WRONG, "one digit off in the middle does not match");

	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, "1669872112", 10, t + 60, 60), PCB_OK,
		   "60 s late is inside a 60 s window");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, "1669872112", 10, t + 61, 60),
		   PCB_ERR_SIGN_EXPIRED, "61 s late is outside");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, "1669872112", 10, t - 61, 60),
		   PCB_ERR_SIGN_EXPIRED, "61 s early is outside too");

	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, NULL, 0, "1669872112", 10, t, 60),
		   PCB_ERR_SIGN_MISSING, "no Sign");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, NULL, 0, t, 60), PCB_ERR_SIGN_MISSING,
		   "no RequestTime");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, "", 0, "1", 1, t, 60), PCB_ERR_SIGN_MISSING,
		   "empty Sign");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 63, "1669872112", 10, t, 60),
		   PCB_ERR_SIGN_MALFORMED, "63 digits");
	char nonhex[] = VECTOR;
	nonhex[0] = 'g';
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, nonhex, 64, "1669872112", 10, t, 60),
		   PCB_ERR_SIGN_MALFORMED, "a non-hex digit");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, "-1669872112", 11, t, 60),
		   PCB_ERR_SIGN_MALFORMED, "a negative RequestTime");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, "1669872112.5", 12, t, 60),
		   PCB_ERR_SIGN_MALFORMED, "a fractional RequestTime");
	tap_is_int(pcb_sign_verify(&tokens[1][0], 16, 1, VECTOR, 64, "9999999999999999999999", 22, t, 60),
		   PCB_ERR_SIGN_MALFORMED, "an overflowing RequestTime");
	return tap_done();
}
