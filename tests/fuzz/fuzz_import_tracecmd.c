/*
 * libFuzzer harness for `trace-cmd report` text (import_ftrace, seeded
 * with report and report -l output); fuzz_import.h says what is checked.
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
