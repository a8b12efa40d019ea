/* A TLS client through the C API over a non-blocking TCP socket, driven by poll() as QEMU's main loop
 * drives its channels: argv: PORT OBJECT-LINE... (the last line is the client creds; hostname from
 * QCRYPTO_TEST_HOSTNAME if set). Handshakes, checks credentials, sends a message and reads the echo. */
#include "test.h"
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

static int wants_write_seen, wants_read_seen;

static ssize_t do_write(const char *buf, size_t len, void *opaque)
{
    ssize_t n = send(*(int *)opaque, buf, len, MSG_NOSIGNAL);
    return n; /* -1 with errno EAGAIN when the socket buffer is full */
}

static ssize_t do_read(char *buf, size_t len, void *opaque)
{
    return recv(*(int *)opaque, buf, len, 0);
}

static void wait_for(int fd, short events)
{
    struct pollfd p = { .fd = fd, .events = events };
    poll(&p, 1, 10000);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: tls PORT LINE...\n");
        return 2;
    }
    QcryptoRegistry *reg = qcrypto_registry_new();
    QcryptoError *err = NULL;
    for (int i = 2; i < argc; i++) {
        if (qcrypto_object_add(reg, argv[i], &err) < 0) {
            fprintf(stderr, "object: %s\n", qcrypto_error_get_pretty(err));
            return 1;
        }
    }
    const char *creds = strstr(argv[argc - 1], "id=") + 3;
    char id[64];
    snprintf(id, sizeof id, "%.*s", (int)strcspn(creds, ","), creds);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("connect");
        return 1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

    QcryptoTLSSession *s = qcrypto_tls_session_new(reg, id, getenv("QCRYPTO_TEST_HOSTNAME"), NULL, QCRYPTO_TLS_CREDS_ENDPOINT_CLIENT, &err);
    if (!s) {
        fprintf(stderr, "session: %s\n", qcrypto_error_get_pretty(err));
        return 1;
    }
    /* The handshake before the callbacks are set is refused, not a crash. */
    CHECK(qcrypto_tls_session_handshake(s, &err) == -1, "handshake without callbacks");
    expect_error(&err, "wrong-state", "set_callbacks", "handshake without callbacks");
    char early[4];
    CHECK(qcrypto_tls_session_read(s, early, sizeof early, &err) == -1, "read before handshake");
    expect_error(&err, "wrong-state", NULL, "read before handshake");
    qcrypto_tls_session_set_callbacks(s, do_write, do_read, &fd);

    int rc;
    while ((rc = qcrypto_tls_session_handshake(s, &err)) > 0) {
        if (rc == QCRYPTO_TLS_HANDSHAKE_SENDING) {
            wants_write_seen++;
            wait_for(fd, POLLOUT);
        } else {
            wants_read_seen++;
            wait_for(fd, POLLIN);
        }
    }
    if (rc < 0) {
        fprintf(stderr, "handshake: [%s] %s\n", qcrypto_error_get_code(err), qcrypto_error_get_pretty(err));
        return 1;
    }
    /* (How often it returned depends on how fast the server answers: the C# and in-memory tests pin that down.) */
    printf("handshake complete after %d wants-read, %d wants-write\n", wants_read_seen, wants_write_seen);
    if (qcrypto_tls_session_check_credentials(s, &err) < 0) {
        fprintf(stderr, "check_credentials: [%s] %s\n", qcrypto_error_get_code(err), qcrypto_error_get_pretty(err));
        return 1;
    }

    const char *msg = "hello from C through libqcrypto\n";
    size_t done = 0;
    while (done < strlen(msg)) {
        ssize_t n = qcrypto_tls_session_write(s, msg + done, strlen(msg) - done, &err);
        if (n == QCRYPTO_TLS_SESSION_ERR_BLOCK) {
            wait_for(fd, POLLOUT);
            continue;
        }
        CHECK(n > 0, "write: %s", err ? qcrypto_error_get_pretty(err) : "");
        if (n <= 0)
            return finish();
        done += n;
    }
    char echo[256] = { 0 };
    size_t got = 0;
    while (got < strlen(msg)) {
        ssize_t n = qcrypto_tls_session_read(s, echo + got, sizeof echo - 1 - got, &err);
        if (n == QCRYPTO_TLS_SESSION_ERR_BLOCK) {
            wait_for(fd, POLLIN);
            continue;
        }
        CHECK(n > 0, "read: %s", err ? qcrypto_error_get_pretty(err) : "eof");
        if (n <= 0)
            return finish();
        got += n;
    }
    CHECK(strcmp(echo, msg) == 0, "echo differs: '%s'", echo);
    printf("echo: %s", echo);

    /* The creds are in use while the session lives. */
    CHECK(qcrypto_object_del(reg, id, &err) == -1, "creds deleted while in use");
    expect_error(&err, "object-in-use", NULL, "creds in use");
    char *peer = qcrypto_tls_session_get_peer_name(s);
    printf("peer: %s\n", peer ? peer : "(none)");
    qcrypto_free(peer);
    qcrypto_tls_session_free(s);
    qcrypto_tls_session_free(s);
    CHECK(qcrypto_debug_misuse_count() == 1, "double session free not detected");
    CHECK(qcrypto_object_del(reg, id, &err) == 0, "creds not deletable after the session");
    close(fd);
    qcrypto_registry_free(reg);
    CHECK(qcrypto_debug_live_handles() == 0 && qcrypto_debug_live_buffers() == 0, "leaked handles/buffers");
    return finish();
}
