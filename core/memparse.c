/*
 * Sizes in the kernel's memparse() notation, as the 2010 command line read
 * them: an unsigned integer in C notation (decimal, 0x hex, leading-0 octal)
 * followed by at most one K, M or G suffix in either case.  Unlike the
 * kernel we notice overflow instead of wrapping, so "99999999999999999999G"
 * is an error rather than some other number.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>

#include "cma/param.h"

static int
memparse_digit(int ch, unsigned base)
{
	int d;

	if (ch >= '0' && ch <= '9')
		d = ch - '0';
	else if (ch >= 'a' && ch <= 'f')
		d = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'F')
		d = ch - 'A' + 10;
	else
		return -1;
	return (unsigned)d < base ? d : -1;
}

static unsigned
memparse_base(const char **p)
{
	const char *s = *p;

	/* "0x" counts as a prefix only when a hex digit follows, as in the
	 * kernel's radix fix-up; "0x" alone reads as octal 0. */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    isxdigit((unsigned char)s[2])) {
		*p = s + 2;
		return 16;
	}
	if (s[0] == '0')
		return 8;
	return 10;
}

int
cma_memparse(const char *s, const char **end, uint64_t *value)
{
	const char *p = s;
	unsigned base = memparse_base(&p);
	uint64_t v = 0;
	int any = 0, overflow = 0, d, shift = 0;

	while ((d = memparse_digit((unsigned char)*p, base)) >= 0) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			overflow = 1;
		else
			v = v * base + (uint64_t)d;
		any = 1;
		p++;
	}
	if (!any) {
		if (end)
			*end = s;
		return -EINVAL;
	}
	switch (*p) {
	case 'G': case 'g':
		shift = 30;
		break;
	case 'M': case 'm':
		shift = 20;
		break;
	case 'K': case 'k':
		shift = 10;
		break;
	}
	if (shift) {
		if (v > (UINT64_MAX >> shift))
			overflow = 1;
		v <<= shift;
		p++;
	}
	if (end)
		*end = p;
	if (overflow)
		return -ERANGE;
	*value = v;
	return 0;
}

int
cma_round_up(uint64_t value, uint64_t align, uint64_t *out)
{
	uint64_t rem = value & (align - 1);

	if (rem == 0) {
		*out = value;
		return 0;
	}
	if (value > UINT64_MAX - (align - rem))
		return -ERANGE;
	*out = value + (align - rem);
	return 0;
}
