/* An in-memory, non-blocking, back-to-back transport pair for TLS sessions driven from one thread. */
#ifndef QCRYPTO_PIPE_H
#define QCRYPTO_PIPE_H
#include <errno.h>
#include <string.h>
#include <qcrypto.h>

struct half {
    char buf[65536];
    size_t len;
};

struct end {
    struct half *in, *out;
};

static ssize_t pipe_write(const char *buf, size_t len, void *opaque)
{
    struct end *e = opaque;
    size_t room = sizeof e->out->buf - e->out->len;
    if (room == 0) {
        errno = EAGAIN;
        return -1;
    }
    if (len > room)
        len = room;
    memcpy(e->out->buf + e->out->len, buf, len);
    e->out->len += len;
    return (ssize_t)len;
}

static ssize_t pipe_read(char *buf, size_t len, void *opaque)
{
    struct end *e = opaque;
    if (e->in->len == 0) {
        errno = EAGAIN;
        return -1;
    }
    if (len > e->in->len)
        len = e->in->len;
    memcpy(buf, e->in->buf, len);
    memmove(e->in->buf, e->in->buf + len, e->in->len - len);
    e->in->len -= len;
    return (ssize_t)len;
}

/* Handshakes server and client (both on this thread) and sends msg from client to server; 0 if all went well. */
static int tls_pair(QcryptoRegistry *reg, const char *server_creds, const char *client_creds, const char *msg)
{
    static __thread struct half a, b;
    a.len = b.len = 0;
    struct end se = { &a, &b }, ce = { &b, &a };
    QcryptoError *err = NULL;
    int rc = -1;
    QcryptoTLSSession *s = qcrypto_tls_session_new(reg, server_creds, NULL, NULL, QCRYPTO_TLS_CREDS_ENDPOINT_SERVER, &err);
    QcryptoTLSSession *c = qcrypto_tls_session_new(reg, client_creds, NULL, NULL, QCRYPTO_TLS_CREDS_ENDPOINT_CLIENT, &err);
    if (!s || !c)
        goto out;
    qcrypto_tls_session_set_callbacks(s, pipe_write, pipe_read, &se);
    qcrypto_tls_session_set_callbacks(c, pipe_write, pipe_read, &ce);
    int sr = 1, cr = 1;
    for (int round = 0; round < 50 && (sr || cr); round++) {
        if (cr && (cr = qcrypto_tls_session_handshake(c, &err)) < 0)
            goto out;
        if (sr && (sr = qcrypto_tls_session_handshake(s, &err)) < 0)
            goto out;
    }
    if (sr || cr || qcrypto_tls_session_check_credentials(c, &err) < 0 || qcrypto_tls_session_check_credentials(s, &err) < 0)
        goto out;
    if (msg) {
        char got[256];
        size_t len = strlen(msg);
        if (qcrypto_tls_session_write(c, msg, len, &err) != (ssize_t)len)
            goto out;
        ssize_t n = qcrypto_tls_session_read(s, got, sizeof got, &err);
        if (n != (ssize_t)len || memcmp(got, msg, len) != 0)
            goto out;
    }
    rc = 0;
out:
    if (err) {
        fprintf(stderr, "tls_pair: [%s] %s\n", qcrypto_error_get_code(err), qcrypto_error_get_pretty(err));
        qcrypto_error_free(err);
    }
    qcrypto_tls_session_free(c);
    qcrypto_tls_session_free(s);
    return rc;
}
#endif
