/* Runs a Check suite; the exit status is 1 when any test failed. */
#ifndef RS_CHECK_MAIN_H
#define RS_CHECK_MAIN_H

#include <check.h>

static inline int rs_run_suite(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    const int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? 1 : 0;
}

#endif
