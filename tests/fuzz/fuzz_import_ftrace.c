/*
 * libFuzzer harness for import_ftrace (ftrace text): the input is the
 * capture, read as a stream; fuzz_import.h says what is checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import_run(import_ftrace, data, size);
}
