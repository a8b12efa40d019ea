/* Secrets through the C API: argv[1] the expected plaintext of the last object, argv[2..] -object
 * arguments (a master key and a chain of secrets each encrypted with the one before).
 * Also: errors for unknown ids, bad lines, NULL arguments, and double frees. */
#include "test.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: secrets EXPECTED LINE...\n");
        return 2;
    }
    const char *expected = argv[1];
    printf("libqcrypto %s\n", qcrypto_version());
    QcryptoRegistry *reg = qcrypto_registry_new();
    QcryptoError *err = NULL;
    for (int i = 2; i < argc; i++) {
        CHECK(qcrypto_object_add(reg, argv[i], &err) == 0, "add %d: %s", i, err ? qcrypto_error_get_pretty(err) : "");
        if (err) {
            qcrypto_error_free(err);
            err = NULL;
        }
    }

    /* The last object's id is the chain's end. */
    const char *last = strstr(argv[argc - 1], "id=") + 3;
    char id[64];
    snprintf(id, sizeof id, "%.*s", (int)strcspn(last, ","), last);

    uint8_t *data = NULL;
    size_t len = 0;
    CHECK(qcrypto_secret_lookup(reg, id, &data, &len, &err) == 0, "lookup %s", id);
    CHECK(data && len == strlen(expected) && memcmp(data, expected, len) == 0, "lookup bytes differ (len %zu)", len);
    CHECK(data && data[len] == 0, "no NUL after the data");
    qcrypto_free(data);

    char *text = qcrypto_secret_lookup_as_utf8(reg, id, &err);
    CHECK(text && strcmp(text, expected) == 0, "utf8 differs");
    qcrypto_free(text);
    char *b64 = qcrypto_secret_lookup_as_base64(reg, id, &err);
    CHECK(b64 != NULL, "base64 lookup failed");
    printf("chain %s = '%s' (base64 %s)\n", id, expected, b64 ? b64 : "");
    qcrypto_free(b64);

    /* Unknown ids and a non-secret. */
    CHECK(qcrypto_secret_lookup(reg, "nosuch", &data, &len, &err) == -1 && data == NULL && len == 0, "unknown id");
    expect_error(&err, "secret-not-found", "No secret with id 'nosuch'", "unknown secret id");
    CHECK(qcrypto_secret_lookup_as_utf8(reg, "nosuch", &err) == NULL, "utf8 of unknown id");
    expect_error(&err, "secret-not-found", "nosuch", "unknown secret id (utf8)");
    CHECK(qcrypto_object_add(reg, "authz-simple,id=notsecret,identity=x", &err) == 0, "authz add");
    CHECK(qcrypto_secret_lookup_as_base64(reg, "notsecret", &err) == NULL, "non-secret");
    expect_error(&err, "not-a-secret", "Object with id 'notsecret' is not a secret", "not a secret");
    CHECK(qcrypto_object_del(reg, "nosuch", &err) == -1, "del unknown");
    expect_error(&err, "object-not-found", "nosuch", "delete unknown id");

    /* Bad lines. */
    CHECK(qcrypto_object_add(reg, "secret,id=s1,data=x,bogus=1", &err) == -1, "bad property");
    expect_error(&err, "invalid-parameter", "bogus", "unknown property");
    CHECK(qcrypto_object_add(reg, "nosuchtype,id=x", &err) == -1, "bad type");
    expect_error(&err, "unknown-type", "nosuchtype", "unknown type");
    CHECK(qcrypto_object_add(reg, "secret,id=9bad,data=x", &err) == -1, "bad id");
    expect_error(&err, "invalid-id", NULL, "invalid id");
    CHECK(qcrypto_object_add(reg, "secret,id=dup,data=x", &err) == 0, "dup 1");
    CHECK(qcrypto_object_add(reg, "secret,id=dup,data=y", &err) == -1, "dup 2");
    expect_error(&err, "duplicate-id", "Duplicate ID 'dup'", "duplicate id");
    CHECK(qcrypto_object_add(reg, "secret,id=pad,data=AAAAAAAAAAAAAAAAAAAAAA==,keyid=dup,iv=AAAAAAAAAAAAAAAAAAAAAA==,format=base64", &err) == -1, "bad key");
    expect_error(&err, "secret-key-length", NULL, "wrong master key length");
    /* An error already in *errp is kept (the first error is the news). */
    CHECK(qcrypto_object_add(reg, "nosuchtype,id=a", &err) == -1 && qcrypto_object_add(reg, "secret,id=dup,data=z", &err) == -1, "two errors");
    expect_error(&err, "unknown-type", NULL, "first error kept");
    /* errp NULL: the error is dropped, the call still fails. */
    CHECK(qcrypto_object_add(reg, "secret,id=dup,data=y", NULL) == -1, "NULL errp");

    /* NULL arguments. */
    CHECK(qcrypto_object_add(NULL, "secret,id=a,data=b", &err) == -1, "NULL reg");
    expect_error(&err, "invalid-argument", "'reg' must not be NULL", "NULL registry");
    CHECK(qcrypto_object_add(reg, NULL, &err) == -1, "NULL line");
    expect_error(&err, "invalid-argument", "'object_arg'", "NULL object_arg");
    CHECK(qcrypto_secret_lookup(reg, NULL, &data, &len, &err) == -1, "NULL id");
    expect_error(&err, "invalid-argument", "'id'", "NULL id");
    CHECK(qcrypto_secret_lookup(reg, id, NULL, &len, &err) == -1, "NULL data");
    expect_error(&err, "invalid-argument", "'data'", "NULL data");
    CHECK(qcrypto_rng_read(reg, "nosuch", NULL, 4, &err) == -1, "NULL buf");
    expect_error(&err, "invalid-argument", "'buf'", "NULL rng buffer");
    CHECK(qcrypto_tls_session_new(reg, NULL, NULL, NULL, 0, &err) == NULL, "NULL creds");
    expect_error(&err, "invalid-argument", "'creds_id'", "NULL creds_id");
    CHECK(qcrypto_error_get_pretty(NULL) == NULL && qcrypto_error_get_code(NULL) == NULL, "NULL error");
    qcrypto_free(NULL);
    qcrypto_error_free(NULL);
    qcrypto_registry_free(NULL);
    qcrypto_tls_session_free(NULL);

    /* In use: a secret used as another's key can not be deleted while... (deleting is allowed once nothing holds it) */
    CHECK(qcrypto_object_del(reg, "dup", &err) == 0, "del dup");
    CHECK(qcrypto_secret_lookup(reg, "dup", &data, &len, &err) == -1, "deleted");
    expect_error(&err, "secret-not-found", NULL, "lookup after delete");

    /* Double frees and freed handles: detected, never a crash. */
    size_t misuse = qcrypto_debug_misuse_count();
    char *again = qcrypto_secret_lookup_as_utf8(reg, id, &err);
    qcrypto_free(again);
    qcrypto_free(again);
    CHECK(qcrypto_debug_misuse_count() == misuse + 1, "double qcrypto_free not detected");
    QcryptoError *e2 = NULL;
    qcrypto_object_del(reg, "nosuch", &e2);
    qcrypto_error_free(e2);
    qcrypto_error_free(e2);
    CHECK(qcrypto_debug_misuse_count() == misuse + 2, "double error free not detected");
    CHECK(qcrypto_error_get_pretty(e2) == NULL, "freed error still readable");
    qcrypto_registry_free(reg);
    qcrypto_registry_free(reg);
    CHECK(qcrypto_debug_misuse_count() == misuse + 3, "double registry free not detected");
    CHECK(qcrypto_object_add(reg, "secret,id=a,data=b", &err) == -1, "freed registry used");
    expect_error(&err, "invalid-handle", "not a live QcryptoRegistry", "use after free");
    CHECK(qcrypto_debug_live_handles() == 0, "handles left: %zu", qcrypto_debug_live_handles());
    CHECK(qcrypto_debug_live_buffers() == 0, "buffers left: %zu", qcrypto_debug_live_buffers());
    return finish();
}
