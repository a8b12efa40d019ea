/* An SEV launch through the C API, as an emulator runs one, with the guest owner's tools in between.
 * argv: PLATFORM-DIR SEV-GUEST-OBJECT-LINE FIRMWARE-FILE SECRET-COMMAND
 * Launches sev0 on the platform, measures the firmware (LAUNCH_UPDATE_DATA at 4 GiB - size), runs
 * "SECRET-COMMAND --measurement M" (qcrypto sev secret) for the packet, injects it into caller-owned guest RAM,
 * finishes the launch, and checks the errors on the way (wrong state, bad packets, bad addresses).
 * Prints "measurement M", "guest reads: TEXT", the query-sev answers. */
#include "test.h"
#include <stdint.h>

#define RAM_SIZE (2u << 20)
#define SECRET_GPA 0x100000u

static uint8_t ram[RAM_SIZE];

static char *chomp(char *s)
{
    s[strcspn(s, "\r\n")] = 0;
    return s;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(*len);
    if (fread(p, 1, *len, f) != *len) {
        free(p);
        p = NULL;
    }
    fclose(f);
    return p;
}

static void expect_state(QcryptoSevGuest *s, const char *state)
{
    QcryptoError *err = NULL;
    char *json = qcrypto_sev_query(s, &err);
    char want[64];
    snprintf(want, sizeof want, "\"state\":\"%s\"", state);
    CHECK(json && strstr(json, want), "query-sev %s: %s", state, json ? json : qcrypto_error_get_pretty(err));
    if (json)
        printf("query-sev %s\n", json);
    qcrypto_free(json);
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    const char *dir = argv[1];
    QcryptoError *err = NULL;
    QcryptoRegistry *reg = qcrypto_registry_new();
    CHECK(qcrypto_object_add(reg, argv[2], &err) == 0, "sev-guest: %s", err ? qcrypto_error_get_pretty(err) : "");

    char *caps = qcrypto_sev_query_capabilities(dir, &err);
    CHECK(caps && strstr(caps, "{\"pdh\":\"") == caps && strstr(caps, "\"cbitpos\":47,\"reduced-phys-bits\":1}"), "capabilities: %s",
          caps ? caps : qcrypto_error_get_pretty(err));
    qcrypto_free(caps);

    /* Errors before anything runs. */
    CHECK(qcrypto_sev_launch_start(reg, "nosuch", dir, &err) == NULL, "unknown id");
    expect_error(&err, "object-not-found", "nosuch", "launch unknown object");
    CHECK(qcrypto_sev_launch_start(reg, "sev0", "/nonexistent/plat", &err) == NULL, "no platform");
    expect_error(&err, "sev-platform", "is not a software SEV platform", "launch on a missing platform");
    CHECK(qcrypto_sev_launch_start(reg, "sev0", NULL, &err) == NULL, "NULL platform");
    expect_error(&err, "invalid-argument", "'platform_dir' must not be NULL", "launch NULL platform");

    /* A session made for another policy: the firmware refuses LAUNCH_START; QEMU's report line comes first. */
    char other[4096];
    const char *pol = strstr(argv[2], "policy=0x1,"), *id = strstr(argv[2], "id=sev0,");
    CHECK(pol && id && id < pol, "line shape");
    if (pol && id && id < pol) {
        snprintf(other, sizeof other, "%.*sid=sevx,%.*spolicy=0x3,%s", (int)(id - argv[2]), argv[2], (int)(pol - id - 8), id + 8, pol + 11);
        CHECK(qcrypto_object_add(reg, other, &err) == 0, "sevx: %s", err ? qcrypto_error_get_pretty(err) : "");
        CHECK(qcrypto_sev_launch_start(reg, "sevx", dir, &err) == NULL, "policy mismatch");
        expect_error(&err, "sev-bad-measurement", "sev_launch_start: LAUNCH_START ret=1 fw_error=11 'Bad measurement'\nsev_kvm_init: failed to create encryption context",
                     "launch_start with another policy");
    }

    QcryptoSevGuest *s = qcrypto_sev_launch_start(reg, "sev0", dir, &err);
    CHECK(s != NULL, "launch_start: %s", err ? qcrypto_error_get_pretty(err) : "");
    if (!s)
        return finish();
    expect_state(s, "launch-update");

    /* Wrong state: a secret before the measurement; a measurement-less finish on a second guest. */
    CHECK(qcrypto_sev_inject_launch_secret(s, "AAAA", "AAAA", SECRET_GPA, ram + SECRET_GPA, RAM_SIZE - SECRET_GPA, &err) == -1, "early inject");
    expect_error(&err, "sev-state", "SEV: Not in correct state. (LSECRET) 1", "inject before measure");
    QcryptoSevGuest *s2 = qcrypto_sev_launch_start(reg, "sev0", dir, &err);
    CHECK(s2 != NULL, "second guest on the same platform: %s", err ? qcrypto_error_get_pretty(err) : "");
    CHECK(qcrypto_sev_launch_finish(s2, &err) == -1, "finish before measure");
    expect_error(&err, "sev-invalid-guest-state", "LAUNCH_FINISH ret=-1 fw_error=2 'Guest state is invalid'", "finish in launch-update");
    qcrypto_sev_guest_free(s2);

    size_t fw_len = 0;
    uint8_t *fw = read_file(argv[3], &fw_len);
    CHECK(fw != NULL, "read %s", argv[3]);
    if (!fw)
        return finish();
    CHECK(qcrypto_sev_launch_update_data(s, (1ull << 32) - fw_len, fw, fw_len, &err) == 0, "update_data: %s", err ? qcrypto_error_get_pretty(err) : "");
    char *m = qcrypto_sev_launch_measure(s, &err);
    CHECK(m != NULL, "measure: %s", err ? qcrypto_error_get_pretty(err) : "");
    if (!m)
        return finish();
    printf("measurement %s\n", m);
    expect_state(s, "launch-secret");
    CHECK(qcrypto_sev_launch_update_data(s, 0, fw, 16, &err) == -1, "update after measure");
    expect_error(&err, "wrong-state", "in state launch-secret, not launch-update", "update_data after measure");
    char *again = qcrypto_sev_launch_measure(s, &err);
    CHECK(again && strcmp(again, m) == 0, "measure twice gives the same measurement");
    qcrypto_free(again);

    /* The owner's packet, made for this measurement. */
    char cmd[8192], header[4096] = "", secret[4096] = "", line[4096];
    snprintf(cmd, sizeof cmd, "%s --measurement %s", argv[4], m);
    FILE *p = popen(cmd, "r");
    while (p && fgets(line, sizeof line, p)) {
        if (strncmp(line, "packet-header: ", 15) == 0)
            snprintf(header, sizeof header, "%s", chomp(line + 15));
        else if (strncmp(line, "secret: ", 8) == 0)
            snprintf(secret, sizeof secret, "%s", chomp(line + 8));
    }
    CHECK(p && pclose(p) == 0 && header[0] && secret[0], "sev secret gave no packet");

    /* Bad packets and addresses: refused, and guest memory untouched. */
    char bad[4096];
    snprintf(bad, sizeof bad, "%s", header);
    bad[40] = bad[40] == 'A' ? 'B' : 'A';
    CHECK(qcrypto_sev_inject_launch_secret(s, bad, secret, SECRET_GPA, ram + SECRET_GPA, RAM_SIZE - SECRET_GPA, &err) == -1, "tampered header");
    expect_error(&err, "sev-bad-measurement", "SEV: failed to inject secret ret=-1 fw_error=11 'Bad measurement'", "inject tampered header");
    CHECK(qcrypto_sev_inject_launch_secret(s, header, "!!!!", SECRET_GPA, ram + SECRET_GPA, RAM_SIZE - SECRET_GPA, &err) == -1, "bad base64");
    expect_error(&err, "sev-decode", "SEV: Failed to decode data", "inject undecodable secret");
    CHECK(qcrypto_sev_inject_launch_secret(s, header, secret, SECRET_GPA, ram + SECRET_GPA, 8, &err) == -1, "short mapping");
    expect_error(&err, "sev-guest-address", "SEV: Failed to calculate guest address: Size of memory region at 0x100000 exceeded.", "inject past the mapping");
    CHECK(qcrypto_sev_inject_launch_secret(s, header, secret, SECRET_GPA, NULL, 64, &err) == -1, "NULL mem");
    expect_error(&err, "invalid-argument", "'mem' must not be NULL", "inject NULL mem");
    for (size_t i = 0; i < RAM_SIZE; i++)
        if (ram[i]) {
            CHECK(0, "guest memory changed by a refused packet at %zu", i);
            break;
        }

    int n = qcrypto_sev_inject_launch_secret(s, header, secret, SECRET_GPA, ram + SECRET_GPA, RAM_SIZE - SECRET_GPA, &err);
    CHECK(n > 0, "inject: %s", err ? qcrypto_error_get_pretty(err) : "");
    if (n > 0)
        printf("guest reads: %.*s (%d bytes)\n", n, (const char *)ram + SECRET_GPA, n);
    expect_state(s, "launch-secret");
    CHECK(qcrypto_sev_launch_finish(s, &err) == 0, "finish: %s", err ? qcrypto_error_get_pretty(err) : "");
    expect_state(s, "running");
    CHECK(qcrypto_sev_inject_launch_secret(s, header, secret, SECRET_GPA, ram + SECRET_GPA, RAM_SIZE - SECRET_GPA, &err) == -1, "inject twice");
    expect_error(&err, "sev-state", "SEV: Not in correct state. (LSECRET) 3", "inject after finish");

    qcrypto_free(m);
    free(fw);
    qcrypto_sev_guest_free(s);
    CHECK(qcrypto_sev_query(s, &err) == NULL, "use after free");
    expect_error(&err, "invalid-handle", "not a live QcryptoSevGuest", "query freed guest");
    qcrypto_sev_guest_free(s); /* double free: reported on stderr, ignored */
    qcrypto_registry_free(reg);
    CHECK(qcrypto_debug_live_handles() == 0, "live handles %zu", qcrypto_debug_live_handles());
    CHECK(qcrypto_debug_live_buffers() == 0, "live buffers %zu", qcrypto_debug_live_buffers());
    return finish();
}
