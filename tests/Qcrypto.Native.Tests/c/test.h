/* Small helpers shared by the C test programs: CHECK prints the failing line and counts it. */
#ifndef QCRYPTO_TEST_H
#define QCRYPTO_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qcrypto.h>

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { failures++; fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* Expects err set with code; frees it. */
static inline void expect_error(QcryptoError **err, const char *code, const char *fragment, const char *what)
{
    if (!*err) {
        failures++;
        fprintf(stderr, "FAIL %s: no error (wanted %s)\n", what, code);
        return;
    }
    const char *c = qcrypto_error_get_code(*err), *m = qcrypto_error_get_pretty(*err);
    if (!c || strcmp(c, code) != 0 || !m || (fragment && !strstr(m, fragment))) {
        failures++;
        fprintf(stderr, "FAIL %s: got [%s] %s; wanted [%s] containing '%s'\n", what, c ? c : "(null)", m ? m : "(null)", code,
                fragment ? fragment : "");
    } else {
        printf("ok %s: [%s] %s\n", what, c, m);
    }
    qcrypto_error_free(*err);
    *err = NULL;
}

static inline int finish(void)
{
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("all passed\n");
    return 0;
}
#endif
