/*
 * See cunit_main.h.  Verbose mode, so ctest --output-on-failure shows which
 * test failed and on which line.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cunit_main.h"

int
cunit_run(CU_SuiteInfo *suites)
{
	unsigned failures, tests_failed;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		return 2;
	}
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	tests_failed = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failures || tests_failed ? 1 : 0;
}

void
cunit_check_message(const char *input, const char *msg, size_t pos,
    const char *what)
{
	char prefix[32] = "";

	if (pos != 0) {
		snprintf(prefix, sizeof prefix, "position %zu: ", pos);
		CU_ASSERT_EQUAL(strncmp(msg, prefix, strlen(prefix)), 0);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, what));
	if (strncmp(msg, prefix, strlen(prefix)) != 0 ||
	    strstr(msg, what) == NULL)
		fprintf(stderr, "\n  '%s' gave '%s'\n", input, msg);
}
