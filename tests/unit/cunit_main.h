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

#include <CUnit/CUnit.h>

int cunit_run(CU_SuiteInfo *suites);

#endif
