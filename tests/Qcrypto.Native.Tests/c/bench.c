/* qcrypto_secret_lookup of the last (chained) secret, ITERATIONS times after a warm-up: prints ns per lookup
 * (median of 5 runs, in thread CPU time: the machine may be shared). argv: ITERATIONS LINE... */
#include "test.h"
#include <time.h>

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    long iterations = atol(argv[1]);
    QcryptoRegistry *reg = qcrypto_registry_new();
    QcryptoError *err = NULL;
    for (int k = 2; k < argc; k++)
        if (qcrypto_object_add(reg, argv[k], &err) < 0)
            return 1;
    const char *p = strstr(argv[argc - 1], "id=") + 3;
    char id[64];
    snprintf(id, sizeof id, "%.*s", (int)strcspn(p, ","), p);
    double runs[5];
    for (int r = -1; r < 5; r++) {
        double start = now_ns();
        for (long i = 0; i < iterations; i++) {
            uint8_t *data;
            size_t len;
            if (qcrypto_secret_lookup(reg, id, &data, &len, &err) < 0)
                return 1;
            qcrypto_free(data);
        }
        if (r >= 0)
            runs[r] = (now_ns() - start) / iterations;
    }
    qsort(runs, 5, sizeof runs[0], cmp);
    printf("c ns/lookup %.1f\n", runs[2]);
    qcrypto_registry_free(reg);
    return 0;
}
