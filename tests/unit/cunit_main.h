/*
 * A CUnit runner that turns failures into the exit status.
 *
 * CUnit's basic runner reports success even when assertions failed, and
 * CU_cleanup_registry() resets the counts, so the counts are read first.
 * Each test program defines its suites as a CU_SuiteInfo array and calls
 * cunit_run() from main.
 */
#ifndef CUNIT_MAIN_H
#define CUNIT_MAIN_H

#include <stddef.h>

#include <CUnit/CUnit.h>

int cunit_run(CU_SuiteInfo *suites);

/*
 * An error message from parsing `input` starts with "position POS: " (POS 0:
 * no position expected) and contains `what`; on a mismatch the input and
 * the message are printed so the failure explains itself.
 */
void cunit_check_message(const char *input, const char *msg, size_t pos,
    const char *what);

#endif
