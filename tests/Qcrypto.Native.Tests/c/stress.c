/* 8 threads at once on one registry for SECONDS: chained secret lookups, object add/lookup/del, TLS session
 * pairs (PSK, handshake + data through the callbacks), error paths. argv: SECONDS THREADS PSKDIR EXPECTED LINE...
 * Prints per-kind counts; exit 0 only if every result was right and nothing leaked. */
#include "test.h"
#include "pipe.h"
#include <pthread.h>
#include <time.h>

static QcryptoRegistry *reg;
static const char *expected, *last_id;
static double seconds;
static long counts[4];
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int bad;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
    long n = (long)arg, local[4] = { 0 };
    double end = now() + seconds;
    QcryptoError *err = NULL;
    char line[128], id[64];
    for (long i = 0; now() < end; i++) {
        switch (i % 4) {
        case 0: {
            uint8_t *data;
            size_t len;
            if (qcrypto_secret_lookup(reg, last_id, &data, &len, &err) < 0 || len != strlen(expected) || memcmp(data, expected, len)) {
                __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
                fprintf(stderr, "lookup wrong\n");
            }
            qcrypto_free(data);
            break;
        }
        case 1:
            snprintf(id, sizeof id, "t%ld_%ld", n, i);
            snprintf(line, sizeof line, "secret,id=%s,data=value-%ld", id, i);
            char *v = NULL;
            if (qcrypto_object_add(reg, line, &err) < 0 || !(v = qcrypto_secret_lookup_as_utf8(reg, id, &err)) ||
                strncmp(v, "value-", 6) != 0 || qcrypto_object_del(reg, id, &err) < 0) {
                __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
                fprintf(stderr, "add/del wrong: %s\n", err ? qcrypto_error_get_pretty(err) : "");
            }
            qcrypto_free(v);
            break;
        case 2:
            if (i % 16 == 2 && tls_pair(reg, "psk-s", "psk-c", "ping") < 0) {
                __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
                fprintf(stderr, "tls wrong\n");
            }
            break;
        case 3:
            if (qcrypto_secret_lookup_as_base64(reg, "nosuch", &err) != NULL || !err ||
                strcmp(qcrypto_error_get_code(err), "secret-not-found") != 0) {
                __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
                fprintf(stderr, "error path wrong\n");
            }
            break;
        }
        if (err) {
            qcrypto_error_free(err);
            err = NULL;
        }
        local[i % 4] += (i % 4 != 2 || i % 16 == 2);
    }
    pthread_mutex_lock(&count_lock);
    for (int k = 0; k < 4; k++)
        counts[k] += local[k];
    pthread_mutex_unlock(&count_lock);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 6)
        return 2;
    seconds = atof(argv[1]);
    int threads = atoi(argv[2]);
    expected = argv[4];
    reg = qcrypto_registry_new();
    QcryptoError *err = NULL;
    char line[512];
    snprintf(line, sizeof line, "tls-creds-psk,id=psk-s,endpoint=server,dir=%s", argv[3]);
    CHECK(qcrypto_object_add(reg, line, &err) == 0, "psk server creds");
    snprintf(line, sizeof line, "tls-creds-psk,id=psk-c,endpoint=client,dir=%s", argv[3]);
    CHECK(qcrypto_object_add(reg, line, &err) == 0, "psk client creds");
    for (int i = 5; i < argc; i++)
        CHECK(qcrypto_object_add(reg, argv[i], &err) == 0, "line %d", i);
    static char id[64];
    const char *p = strstr(argv[argc - 1], "id=") + 3;
    snprintf(id, sizeof id, "%.*s", (int)strcspn(p, ","), p);
    last_id = id;
    size_t handles = qcrypto_debug_live_handles(), buffers = qcrypto_debug_live_buffers();

    pthread_t t[64];
    for (long i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    printf("threads %d seconds %.0f: lookups %ld, add/lookup/del %ld, tls pairs %ld, error paths %ld, wrong %d\n", threads, seconds,
           counts[0], counts[1], counts[2], counts[3], bad);
    CHECK(bad == 0, "%d wrong results", bad);
    CHECK(qcrypto_debug_live_handles() == handles && qcrypto_debug_live_buffers() == buffers, "leaked: handles %zu -> %zu, buffers %zu -> %zu",
          handles, qcrypto_debug_live_handles(), buffers, qcrypto_debug_live_buffers());
    CHECK(counts[2] > 0, "no TLS pair ran");
    qcrypto_registry_free(reg);
    return finish();
}
