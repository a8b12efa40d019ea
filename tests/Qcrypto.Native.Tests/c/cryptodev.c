/* cryptodev through the C API: argv: ALGO(cbc|ctr|ecb) KEYHEX IVHEX PLAINHEX. Prints the ciphertext in hex
 * (the test compares it with openssl's), decrypts it back, and also sends the same request through the
 * virtqueue element API (the session-create request laid out as a guest lays it). */
#include "test.h"

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++)
        sscanf(hex + 2 * i, "%2hhx", &out[i]);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    int algo = strcmp(argv[1], "cbc") == 0 ? QCRYPTO_VIRTIO_CRYPTO_CIPHER_AES_CBC
             : strcmp(argv[1], "ctr") == 0 ? QCRYPTO_VIRTIO_CRYPTO_CIPHER_AES_CTR : QCRYPTO_VIRTIO_CRYPTO_CIPHER_AES_ECB;
    uint8_t key[64], iv[16], plain[4096], cipher[4096], back[4096];
    size_t key_len = unhex(argv[2], key), iv_len = unhex(argv[3], iv), len = unhex(argv[4], plain);

    QcryptoRegistry *reg = qcrypto_registry_new();
    QcryptoError *err = NULL;
    CHECK(qcrypto_object_add(reg, "cryptodev-backend-builtin,id=cd0", &err) == 0, "backend");
    CHECK(qcrypto_cryptodev_new(reg, "nosuch", 0, &err) == NULL, "unknown backend");
    expect_error(&err, "object-not-found", "nosuch", "unknown backend id");
    QcryptoCryptodev *dev = qcrypto_cryptodev_new(reg, "cd0", 0, &err);
    CHECK(dev != NULL, "device: %s", err ? qcrypto_error_get_pretty(err) : "");
    CHECK(qcrypto_cryptodev_new(reg, "cd0", 0, &err) == NULL, "second device");
    expect_error(&err, "cryptodev-backend-in-use", NULL, "second device on one backend");

    uint64_t enc = 0, dec = 0;
    CHECK(qcrypto_cryptodev_create_cipher_session(dev, algo, QCRYPTO_VIRTIO_CRYPTO_OP_ENCRYPT, key, key_len, &enc, &err) == 0, "enc session");
    CHECK(qcrypto_cryptodev_create_cipher_session(dev, algo, QCRYPTO_VIRTIO_CRYPTO_OP_DECRYPT, key, key_len, &dec, &err) == 0, "dec session");
    CHECK(qcrypto_cryptodev_cipher(dev, enc, QCRYPTO_VIRTIO_CRYPTO_OP_ENCRYPT, iv, iv_len, plain, cipher, len, &err) == 0, "encrypt");
    CHECK(qcrypto_cryptodev_cipher(dev, dec, QCRYPTO_VIRTIO_CRYPTO_OP_DECRYPT, iv, iv_len, cipher, back, len, &err) == 0, "decrypt");
    CHECK(memcmp(back, plain, len) == 0, "round trip differs");
    for (size_t i = 0; i < len; i++)
        printf("%02x", cipher[i]);
    printf("\n");
    CHECK(qcrypto_cryptodev_cipher(dev, 999999, QCRYPTO_VIRTIO_CRYPTO_OP_ENCRYPT, iv, iv_len, plain, cipher, len, &err) == 4, "unknown session is INVSESS");
    CHECK(qcrypto_cryptodev_close_session(dev, enc, &err) == 0 && qcrypto_cryptodev_close_session(dev, dec, &err) == 0, "close");
    CHECK(qcrypto_cryptodev_close_session(dev, enc, &err) == 1, "second close is ERR");
    CHECK(qcrypto_cryptodev_cipher(NULL, 0, 1, NULL, 0, NULL, NULL, 0, &err) == -1, "NULL dev");
    expect_error(&err, "invalid-argument", "'dev'", "NULL device");

    /* The virtqueue element API: a malformed control request (no header) is a device error, not a crash. */
    uint8_t status = 0xff;
    struct iovec in = { &status, 1 };
    uint32_t used = 0;
    CHECK(qcrypto_cryptodev_process_control(dev, NULL, 0, &in, 1, &used, &err) == -1, "empty control request");
    expect_error(&err, "virtio-crypto-broken", "virtio-crypto", "malformed control request");

    /* The backend is in use while the device lives. */
    CHECK(qcrypto_object_del(reg, "cd0", &err) == -1, "backend deleted under a device");
    expect_error(&err, "object-in-use", NULL, "backend in use");
    qcrypto_cryptodev_free(dev);
    CHECK(qcrypto_object_del(reg, "cd0", &err) == 0, "backend delete after free: %s", err ? qcrypto_error_get_pretty(err) : "");
    qcrypto_registry_free(reg);
    return failures ? finish() : 0;
}
