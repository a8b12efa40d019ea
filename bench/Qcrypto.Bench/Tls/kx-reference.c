/* GnuTLS's own in-process handshake loop (as gnutls-cli --benchmark-tls-kx runs it: both ends in one thread over
 * memory buffers, a new session pair per handshake, credentials loaded once), for the key exchanges qcrypto's
 * benchmark compares: argv: psk KEYHEX KEYS.PSK SECONDS | x509 CERT KEY CA PRIORITY SECONDS. Prints "handshakes/s WALL CPU". */
#include <gnutls/gnutls.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct half { char buf[65536]; size_t len; };
struct end { struct half *in, *out; gnutls_session_t s; };

static ssize_t push(gnutls_transport_ptr_t p, const void *data, size_t len)
{
    struct end *e = p;
    memcpy(e->out->buf + e->out->len, data, len);
    e->out->len += len;
    return (ssize_t)len;
}

static ssize_t pull(gnutls_transport_ptr_t p, void *data, size_t len)
{
    struct end *e = p;
    if (e->in->len == 0) {
        gnutls_transport_set_errno(e->s, EAGAIN);
        return -1;
    }
    if (len > e->in->len)
        len = e->in->len;
    memcpy(data, e->in->buf, len);
    memmove(e->in->buf, e->in->buf + len, e->in->len - len);
    e->in->len -= len;
    return (ssize_t)len;
}

static double clock_s(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int psk = strcmp(argv[1], "psk") == 0;
    double seconds = atof(argv[psk ? 4 : 6]);
    const char *priority = psk ? "NORMAL:+ECDHE-PSK:+DHE-PSK:+PSK" : argv[5];
    gnutls_psk_server_credentials_t psk_s = NULL;
    gnutls_psk_client_credentials_t psk_c = NULL;
    gnutls_certificate_credentials_t x_s = NULL, x_c = NULL;
    if (psk) {
        gnutls_datum_t key = { (unsigned char *)argv[2], (unsigned)strlen(argv[2]) };
        gnutls_psk_allocate_server_credentials(&psk_s);
        gnutls_psk_allocate_client_credentials(&psk_c);
        gnutls_psk_set_client_credentials(psk_c, "qemu", &key, GNUTLS_PSK_KEY_HEX);
        /* The server reads keys.psk, as QEMU's tls-creds-psk does. */
        gnutls_psk_set_server_credentials_file(psk_s, argv[3]);
    } else {
        gnutls_certificate_allocate_credentials(&x_s);
        gnutls_certificate_allocate_credentials(&x_c);
        if (gnutls_certificate_set_x509_key_file(x_s, argv[2], argv[3], GNUTLS_X509_FMT_PEM) < 0 ||
            gnutls_certificate_set_x509_trust_file(x_c, argv[4], GNUTLS_X509_FMT_PEM) < 0) {
            fprintf(stderr, "cannot load the x509 files\n");
            return 2;
        }
    }
    long n = 0;
    double wall0 = clock_s(CLOCK_MONOTONIC), cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    while (clock_s(CLOCK_MONOTONIC) - wall0 < seconds) {
        static struct half a, b;
        a.len = b.len = 0;
        struct end se = { &a, &b, NULL }, ce = { &b, &a, NULL };
        gnutls_init(&se.s, GNUTLS_SERVER);
        gnutls_init(&ce.s, GNUTLS_CLIENT);
        gnutls_priority_set_direct(se.s, priority, NULL);
        gnutls_priority_set_direct(ce.s, priority, NULL);
        if (psk) {
            gnutls_credentials_set(se.s, GNUTLS_CRD_PSK, psk_s);
            gnutls_credentials_set(ce.s, GNUTLS_CRD_PSK, psk_c);
        } else {
            gnutls_credentials_set(se.s, GNUTLS_CRD_CERTIFICATE, x_s);
            gnutls_credentials_set(ce.s, GNUTLS_CRD_CERTIFICATE, x_c);
        }
        gnutls_transport_set_ptr(se.s, &se);
        gnutls_transport_set_ptr(ce.s, &ce);
        gnutls_transport_set_push_function(se.s, push);
        gnutls_transport_set_push_function(ce.s, push);
        gnutls_transport_set_pull_function(se.s, pull);
        gnutls_transport_set_pull_function(ce.s, pull);
        int sr = GNUTLS_E_AGAIN, cr = GNUTLS_E_AGAIN;
        while (sr == GNUTLS_E_AGAIN || cr == GNUTLS_E_AGAIN) {
            if (cr == GNUTLS_E_AGAIN)
                cr = gnutls_handshake(ce.s);
            if (sr == GNUTLS_E_AGAIN)
                sr = gnutls_handshake(se.s);
        }
        if (sr < 0 || cr < 0) {
            fprintf(stderr, "handshake: %s / %s\n", gnutls_strerror(sr), gnutls_strerror(cr));
            return 1;
        }
        gnutls_deinit(ce.s);
        gnutls_deinit(se.s);
        n++;
    }
    double wall = clock_s(CLOCK_MONOTONIC) - wall0, cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    printf("handshakes/s %.1f %.1f\n", n / wall, n / cpu);
    return 0;
}
