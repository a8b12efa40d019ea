/*
 * The fast path of the repository's ./qcrypto wrapper, built next to each build of the CLI in
 * .qcrypto-build/build-N/ (with the inputs and fingerprint files the wrapper writes there).
 *
 *   launch --record   print the fingerprint (binary) of every path in ./inputs (NUL-separated,
 *                     relative to the checkout); exit 3 when one changed in the last second ("racily clean": a
 *                     second change within the same timestamp tick would not show)
 *   launch --check    exit 0 when ./fingerprint still holds, 1 otherwise
 *   launch SCRIPT ARG...   when it holds, exec the CLI with ARG...; otherwise exec /bin/sh SCRIPT ARG...
 *                     with QCRYPTO_WRAPPER_STALE=1 (the wrapper then takes its lock and rebuilds)
 *
 * A path's fingerprint is stat(2) following symlinks: device, inode, size, mtime and ctime to the
 * nanosecond, and mode, or zeros when it does not exist. Equality, never order: a clock moved back or
 * forward cannot hide a change, and ctime moves on every write even when mtime and size are put back.
 * Statically linked when it can be (no dynamic loader: a third of a millisecond less). All of this
 * costs well under a millisecond; the shell check it replaces took ten.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct buf { char *p; size_t len, cap; };

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 4096;
        if (!(b->p = realloc(b->p, b->cap))) { perror("qcrypto launch"); exit(2); }
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* The whole of DIR/NAME, or NULL (errno set). */
static char *slurp(int dir, const char *name, size_t *len)
{
    int fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct buf b = {0};
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) put(&b, chunk, (size_t)n);
    close(fd);
    if (n < 0) { free(b.p); return NULL; }
    put(&b, "", 1);
    *len = b.len - 1;
    return b.p;
}

/* One input's fingerprint (all zero when it does not exist). Binary: formatting 500 lines as text
 * was a third of the launcher's own time. */
struct print {
    unsigned long long dev, ino, mode;
    long long size, mtime, mtime_ns, ctime, ctime_ns;
};

/* The fingerprint of the inputs; *racy set when a ctime is within a second of now. */
static int fingerprint(int self, struct buf *out, int *racy)
{
    size_t len;
    char *inputs = slurp(self, "inputs", &len);
    if (!inputs) return -1;
    int root = openat(self, "../..", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) { free(inputs); return -1; }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    *racy = 0;
    for (char *path = inputs; path < inputs + len; path += strlen(path) + 1) {
        struct stat st;
        struct print p;
        memset(&p, 0, sizeof p);
        if (fstatat(root, path, &st, 0) == 0) {
            p.dev = st.st_dev;
            p.ino = st.st_ino;
            p.mode = st.st_mode;
            p.size = st.st_size;
            p.mtime = st.st_mtim.tv_sec;
            p.mtime_ns = st.st_mtim.tv_nsec;
            p.ctime = st.st_ctim.tv_sec;
            p.ctime_ns = st.st_ctim.tv_nsec;
            if (st.st_ctim.tv_sec >= now.tv_sec - 1) *racy = 1;
        }
        put(out, (const char *)&p, sizeof p);
    }
    free(inputs);
    close(root);
    return 0;
}

static int holds(int self)
{
    struct buf now = {0};
    size_t len;
    int racy;
    char *recorded = slurp(self, "fingerprint", &len);
    int ok = recorded && fingerprint(self, &now, &racy) == 0 && now.len == len && memcmp(now.p, recorded, len) == 0;
    free(recorded);
    free(now.p);
    return ok;
}

int main(int argc, char **argv)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) { perror("qcrypto launch: /proc/self/exe"); return 2; }
    exe[n] = 0;
    *strrchr(exe, '/') = 0;
    int self = open(exe, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (self < 0) { perror("qcrypto launch"); return 2; }

    if (argc == 2 && strcmp(argv[1], "--record") == 0) {
        struct buf out = {0};
        int racy;
        if (fingerprint(self, &out, &racy) != 0) { perror("qcrypto launch: inputs"); return 2; }
        fwrite(out.p, 1, out.len, stdout);
        return fflush(stdout) == 0 ? (racy ? 3 : 0) : 2;
    }
    if (argc == 2 && strcmp(argv[1], "--check") == 0) return holds(self) ? 0 : 1;
    if (argc < 2) { fprintf(stderr, "usage: launch --record | --check | SCRIPT ARG...\n"); return 2; }

    if (holds(self)) {
        char aot[PATH_MAX + 16], jit[PATH_MAX + 24];
        snprintf(aot, sizeof aot, "%s/aot/qcrypto", exe);
        argv[1] = aot;
        execv(aot, argv + 1);
        snprintf(jit, sizeof jit, "%s/jit/qcrypto.dll", exe);
        argv[0] = "dotnet";
        argv[1] = jit;
        execvp("dotnet", argv);
        perror("qcrypto launch: dotnet");
        return 2;
    }
    setenv("QCRYPTO_WRAPPER_STALE", "1", 1);
    argv[0] = "/bin/sh";
    execv("/bin/sh", argv);
    perror("qcrypto launch: /bin/sh");
    return 2;
}
