/* CYCLES cycles of registry new / add a secret chain / lookups / an error / free: prints RSS and the library's
 * counters every tenth; exit 0 if the counters are back to zero and RSS stopped growing.
 * argv: CYCLES EXPECTED LINE... */
#include "test.h"

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    long cycles = atol(argv[1]);
    const char *expected = argv[2];
    const char *p = strstr(argv[argc - 1], "id=") + 3;
    char id[64];
    snprintf(id, sizeof id, "%.*s", (int)strcspn(p, ","), p);
    long rss[11] = { 0 };
    for (long i = 0; i < cycles; i++) {
        QcryptoRegistry *reg = qcrypto_registry_new();
        QcryptoError *err = NULL;
        for (int k = 3; k < argc; k++)
            if (qcrypto_object_add(reg, argv[k], &err) < 0) {
                fprintf(stderr, "add: %s\n", qcrypto_error_get_pretty(err));
                return 1;
            }
        uint8_t *data;
        size_t len;
        if (qcrypto_secret_lookup(reg, id, &data, &len, &err) < 0 || len != strlen(expected) || memcmp(data, expected, len) != 0) {
            fprintf(stderr, "lookup wrong at cycle %ld\n", i);
            return 1;
        }
        qcrypto_free(data);
        char *b64 = qcrypto_secret_lookup_as_base64(reg, id, &err);
        qcrypto_free(b64);
        qcrypto_secret_lookup(reg, "nosuch", &data, &len, &err);
        qcrypto_error_free(err);
        qcrypto_registry_free(reg);
        if ((i + 1) % (cycles / 10) == 0) {
            int tenth = (int)((i + 1) / (cycles / 10));
            rss[tenth] = rss_kib();
            printf("cycle %ld: rss %ld KiB, live handles %zu, live buffers %zu\n", i + 1, rss[tenth], qcrypto_debug_live_handles(),
                   qcrypto_debug_live_buffers());
            fflush(stdout);
        }
    }
    CHECK(qcrypto_debug_live_handles() == 0 && qcrypto_debug_live_buffers() == 0, "counters not flat");
    /* From the second tenth on (the runtime and GC heap have warmed up), RSS may move by GC timing, not grow with cycles. */
    long growth = rss[10] - rss[2];
    printf("rss growth from 20%% to 100%%: %ld KiB\n", growth);
    CHECK(growth < 16 * 1024, "RSS grew by %ld KiB over the last 80%% of the cycles", growth);
    return finish();
}
