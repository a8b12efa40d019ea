/*
 * The emulator side of libqcrypto, in a few lines: objects from -object arguments (as QEMU takes them),
 * a secret looked up the way a block driver looks up its LUKS passphrase, entropy the way virtio-rng reads it.
 *
 *   ./emulator -object secret,id=sec0,data=letmein -object rng-builtin,id=rng0 -secret sec0 -rng rng0
 */
#include <stdio.h>
#include <string.h>
#include <qcrypto.h>

static int fail(QcryptoError *err)
{
    fprintf(stderr, "emulator: %s (%s)\n", qcrypto_error_get_pretty(err), qcrypto_error_get_code(err));
    qcrypto_error_free(err);
    return 1;
}

int main(int argc, char **argv)
{
    QcryptoRegistry *reg = qcrypto_registry_new();
    QcryptoError *err = NULL;
    int rc = 0;

    printf("libqcrypto %s\n", qcrypto_version());
    for (int i = 1; i + 1 < argc && rc == 0; i += 2) {
        if (strcmp(argv[i], "-object") == 0) {
            if (qcrypto_object_add(reg, argv[i + 1], &err) < 0)
                rc = fail(err);
        } else if (strcmp(argv[i], "-secret") == 0) {
            uint8_t *data;
            size_t len;
            if (qcrypto_secret_lookup(reg, argv[i + 1], &data, &len, &err) < 0) {
                rc = fail(err);
            } else {
                printf("secret %s: %zu bytes\n", argv[i + 1], len);
                qcrypto_free(data); /* zeroed, then freed */
            }
        } else if (strcmp(argv[i], "-rng") == 0) {
            uint8_t buf[16];
            if (qcrypto_rng_read(reg, argv[i + 1], buf, sizeof buf, &err) < 0) {
                rc = fail(err);
            } else {
                printf("rng %s:", argv[i + 1]);
                for (size_t j = 0; j < sizeof buf; j++)
                    printf(" %02x", buf[j]);
                printf("\n");
            }
        }
    }
    qcrypto_registry_free(reg);
    return rc;
}
