/* rng backends through the C API: argv: CHARDEV-SPEC RNG-RANDOM-FILE. Reads from rng-builtin, rng-random
 * (the given file) and rng-egd (the given EGD server socket), prints each as hex on its own line. */
#include "test.h"

static void dump(const char *name, const uint8_t *buf, size_t len)
{
    printf("%s ", name);
    for (size_t i = 0; i < len; i++)
        printf("%02x", buf[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    QcryptoRegistry *reg = qcrypto_registry_new();
    QcryptoError *err = NULL;
    char line[512];
    CHECK(qcrypto_object_add(reg, "rng-builtin,id=rb", &err) == 0, "rng-builtin");
    snprintf(line, sizeof line, "rng-random,id=rr,filename=%s", argv[2]);
    CHECK(qcrypto_object_add(reg, line, &err) == 0, "rng-random: %s", err ? qcrypto_error_get_pretty(err) : "");
    CHECK(qcrypto_chardev_add(reg, argv[1], &err) == 0, "chardev: %s", err ? qcrypto_error_get_pretty(err) : "");
    CHECK(qcrypto_chardev_add(reg, argv[1], &err) == -1, "duplicate chardev");
    expect_error(&err, "duplicate-id", "Duplicate ID 'egd0' for chardev", "duplicate chardev");
    CHECK(qcrypto_object_add(reg, "rng-egd,id=re,chardev=egd0", &err) == 0, "rng-egd: %s", err ? qcrypto_error_get_pretty(err) : "");

    uint8_t a[32], b[600], c[300];
    CHECK(qcrypto_rng_read(reg, "rb", a, sizeof a, &err) == 0, "read builtin");
    dump("builtin", a, sizeof a);
    CHECK(qcrypto_rng_read(reg, "rr", b, 48, &err) == 0, "read random: %s", err ? qcrypto_error_get_pretty(err) : "");
    dump("random", b, 48);
    CHECK(qcrypto_rng_read(reg, "re", c, sizeof c, &err) == 0, "read egd: %s", err ? qcrypto_error_get_pretty(err) : "");
    dump("egd", c, sizeof c);

    /* Errors as QEMU words them. */
    CHECK(qcrypto_object_add(reg, "rng-random,id=bad,filename=/nonexistent/x", &err) == -1, "bad file");
    expect_error(&err, "rng-open", "Could not open '/nonexistent/x': No such file or directory", "rng-random missing file");
    CHECK(qcrypto_object_add(reg, "rng-egd,id=bad2,chardev=nochr", &err) == -1, "bad chardev");
    expect_error(&err, "chardev-not-found", "Device 'nochr' not found", "rng-egd unknown chardev");
    CHECK(qcrypto_object_add(reg, "rng-egd,id=bad3", &err) == -1, "no chardev");
    expect_error(&err, "missing-parameter", "Parameter 'chardev' is missing", "rng-egd without chardev");
    CHECK(qcrypto_rng_read(reg, "nosuch", a, 4, &err) == -1, "unknown rng");
    expect_error(&err, "object-not-found", "nosuch", "unknown rng id");
    CHECK(qcrypto_object_add(reg, "secret,id=s,data=x", &err) == 0, "secret");
    CHECK(qcrypto_rng_read(reg, "s", a, 4, &err) == -1, "not an rng");
    expect_error(&err, "object-invalid", NULL, "secret as rng");
    qcrypto_registry_free(reg);
    return failures ? finish() : 0;
}
