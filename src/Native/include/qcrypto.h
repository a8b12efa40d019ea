/*
 * qcrypto.h - the C API of libqcrypto.so, an emulator's crypto and secrets subsystem.
 *
 * Names and shapes follow QEMU 7.2's own headers (crypto/secret_common.h, crypto/tlssession.h,
 * crypto/tlscreds.h, sysemu/cryptodev.h, sysemu/rng.h, target/i386/sev.h and QEMU's SEV QMP commands),
 * with an explicit registry handle in place of
 * QEMU's global /objects container.
 *
 * ERRORS: QEMU's "Error **errp" idiom. Every function that can fail takes a QcryptoError **errp as its
 * last argument. errp may be NULL (the error is then dropped). *errp must be NULL on entry. On failure
 * the function returns -1 (or NULL) and stores a new QcryptoError in *errp, which the caller owns and
 * frees with qcrypto_error_free(). qcrypto_error_get_code() gives a stable code to match on:
 *   "invalid-argument"   a required pointer argument was NULL
 *   "invalid-handle"     a handle that was freed already, or never returned by this library
 *   "wrong-state"        a call out of order (e.g. a TLS read before the handshake completed)
 *   "internal-error"     a fault inside the library (a bug: please report it)
 * and the library's own codes, e.g. "object-syntax", "duplicate-id", "object-not-found",
 * "object-in-use", "secret-not-found", "not-a-secret", "secret-not-utf8", "secret-padding",
 * "secret-key-length", "tls-handshake", "tls-verify", "tls-hostname", "rng-open", "rng-read",
 * "sev-state", "sev-decode", "sev-guest-address", "sev-platform", and for a refusal by the SEV firmware its
 * status name, e.g. "sev-bad-measurement", "sev-invalid-guest-state" ...
 * (`qcrypto explain CODE` describes each). Messages are QEMU 7.2's, name the object id and
 * property where there is one, and never contain key material.
 *
 * OWNERSHIP: every pointer a function returns, except const char * results, belongs to the caller:
 * buffers and strings are freed with qcrypto_free() (which zeroes them first: they may hold secrets),
 * errors with qcrypto_error_free(), handles with their own _free function. const char * results
 * (qcrypto_version, qcrypto_error_get_pretty/get_code) live as long as their owner.
 * Handles are opaque tokens, not addresses: freeing one twice, or passing a freed one, is detected;
 * the call then fails with "invalid-handle" (or, for the void _free functions, prints one line on
 * stderr and does nothing).
 *
 * THREADS: every function may be called from any thread. A QcryptoRegistry may be shared by any
 * number of threads: object add/del are serialised (as QEMU's main loop serialises them), lookups,
 * rng reads, session creation and cryptodev requests run in parallel. A QcryptoTLSSession belongs
 * to one thread at a time (as in QEMU: one coroutine drives a channel), except that one thread may
 * read while another writes once the handshake is complete. A QcryptoCryptodev takes data requests
 * from any number of threads at once, control requests from one at a time. A QcryptoSevGuest may be
 * called from any thread; its calls run one at a time, and the firmware commands of all guests on one
 * platform directory run one at a time (as the PSP runs them).
 * No exception, signal or longjmp crosses the boundary. The library starts no threads of its own
 * beyond those of the .NET runtime it embeds (GC, finalizer).
 */
#ifndef QCRYPTO_H
#define QCRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct QcryptoRegistry QcryptoRegistry;
typedef struct QcryptoError QcryptoError;
typedef struct QcryptoTLSSession QcryptoTLSSession;
typedef struct QcryptoCryptodev QcryptoCryptodev;
typedef struct QcryptoSevGuest QcryptoSevGuest;

/* ---- library ------------------------------------------------------------------------------ */

/* The library version, e.g. "0.13.0". Static storage: do not free. */
const char *qcrypto_version(void);

/* Frees a buffer or string this library returned, zeroing it first. NULL is a no-op; a pointer that is
 * not a live buffer of this library (freed twice, or foreign) is left alone and reported on stderr. */
void qcrypto_free(void *p);

/* ---- errors (QEMU's Error) ---------------------------------------------------------------- */

/* The message, as QEMU's error_get_pretty. Valid until qcrypto_error_free(err). NULL for a bad err. */
const char *qcrypto_error_get_pretty(const QcryptoError *err);
/* The stable code (see above). Valid until qcrypto_error_free(err). NULL for a bad err. */
const char *qcrypto_error_get_code(const QcryptoError *err);
/* Frees err. NULL is a no-op; a double free is detected and reported on stderr. */
void qcrypto_error_free(QcryptoError *err);

/* ---- the object registry (QEMU's /objects and -object / object-add / object-del) ----------- */

/* A new, empty registry; NULL only if memory is exhausted. Free with qcrypto_registry_free(). */
QcryptoRegistry *qcrypto_registry_new(void);
/* Frees the registry and every object in it (zeroing their key material). Handles derived from it
 * (TLS sessions, cryptodev devices, SEV guests) must be freed first. */
void qcrypto_registry_free(QcryptoRegistry *reg);

/* Creates and completes one object from an -object argument, exactly as QEMU's -object takes it:
 * "secret,id=sec0,data=letmein" (dotted) or '{"qom-type":"secret","id":"sec0",...}' (JSON).
 * Objects are created in call order; an object may only name objects created before it.
 * 0 on success, -1 with *errp set. */
int qcrypto_object_add(QcryptoRegistry *reg, const char *object_arg, QcryptoError **errp);
/* Deletes the object id (object-del): refused ("object-in-use") while a session or another object
 * uses it. 0 on success, -1 with *errp set. */
int qcrypto_object_del(QcryptoRegistry *reg, const char *id, QcryptoError **errp);

/* ---- secrets (crypto/secret_common.h) ----------------------------------------------------- */

/* The decrypted bytes of the secret (or secret_keyring) object id. On success *data is a new buffer
 * of *len bytes (plus a NUL after them, not counted), freed by the caller with qcrypto_free(); on
 * failure *data = NULL, *len = 0 and -1 is returned with *errp set. */
int qcrypto_secret_lookup(QcryptoRegistry *reg, const char *id, uint8_t **data, size_t *len, QcryptoError **errp);
/* The secret as a NUL-terminated UTF-8 string (refused with "secret-not-utf8" if it is not valid
 * UTF-8 or holds a NUL). Free with qcrypto_free(). NULL with *errp set on failure. */
char *qcrypto_secret_lookup_as_utf8(QcryptoRegistry *reg, const char *id, QcryptoError **errp);
/* The secret's bytes as base64 text (standard alphabet, padded). Free with qcrypto_free(). */
char *qcrypto_secret_lookup_as_base64(QcryptoRegistry *reg, const char *id, QcryptoError **errp);

/* ---- TLS sessions (crypto/tlssession.h) --------------------------------------------------- */

#define QCRYPTO_TLS_CREDS_ENDPOINT_SERVER 0
#define QCRYPTO_TLS_CREDS_ENDPOINT_CLIENT 1

/* qcrypto_tls_session_handshake results */
#define QCRYPTO_TLS_HANDSHAKE_COMPLETE 0
#define QCRYPTO_TLS_HANDSHAKE_SENDING 1   /* wants write: call again when the transport is writable */
#define QCRYPTO_TLS_HANDSHAKE_RECVING 2   /* wants read: call again when the transport is readable */

/* qcrypto_tls_session_read/write: the transport would block (as QEMU >= 9's QCRYPTO_TLS_SESSION_ERR_BLOCK) */
#define QCRYPTO_TLS_SESSION_ERR_BLOCK -2

/* Transport callbacks: return the number of bytes moved, or -1 with errno set. errno EAGAIN (or
 * EWOULDBLOCK, EINTR) means "would block": the handshake/read/write returns and is called again
 * later; any other errno fails the session. read_func returning 0 means the peer closed. */
typedef ssize_t (*QCryptoTLSSessionWriteFunc)(const char *buf, size_t len, void *opaque);
typedef ssize_t (*QCryptoTLSSessionReadFunc)(char *buf, size_t len, void *opaque);

/* A session on the tls-creds-anon/-psk/-x509 object creds_id (whose endpoint must match endpoint).
 * hostname: the name a client checks the server's certificate against (NULL: no check).
 * authz_id: a server's authz object checking the client's certificate DN or PSK username (NULL: none).
 * The credentials count as in use (object_del refused) until qcrypto_tls_session_free(). */
QcryptoTLSSession *qcrypto_tls_session_new(QcryptoRegistry *reg, const char *creds_id, const char *hostname,
                                           const char *authz_id, int endpoint, QcryptoError **errp);
/* Sets the transport. Must be called before the handshake. opaque is passed back unchanged. */
void qcrypto_tls_session_set_callbacks(QcryptoTLSSession *s, QCryptoTLSSessionWriteFunc write_func,
                                       QCryptoTLSSessionReadFunc read_func, void *opaque);
/* Advances the handshake as far as the transport allows. Returns QCRYPTO_TLS_HANDSHAKE_COMPLETE (0),
 * _SENDING (1) or _RECVING (2) (call again when the transport is ready), or -1 with *errp set.
 * Never blocks unless the callbacks block. */
int qcrypto_tls_session_handshake(QcryptoTLSSession *s, QcryptoError **errp);
/* After the handshake: checks the peer's credentials as QEMU does (x509 with verify-peer: chain,
 * validity, hostname for clients, authz for servers; nothing for anon/PSK). 0 or -1 with *errp. */
int qcrypto_tls_session_check_credentials(QcryptoTLSSession *s, QcryptoError **errp);
/* Encrypts and sends up to len bytes: the number of bytes taken, QCRYPTO_TLS_SESSION_ERR_BLOCK if the
 * transport would block (call again with the same data), or -1 with *errp set. */
ssize_t qcrypto_tls_session_write(QcryptoTLSSession *s, const char *buf, size_t len, QcryptoError **errp);
/* Receives and decrypts up to len bytes: the number read, 0 when the peer closed the session,
 * QCRYPTO_TLS_SESSION_ERR_BLOCK if the transport would block, or -1 with *errp set. */
ssize_t qcrypto_tls_session_read(QcryptoTLSSession *s, char *buf, size_t len, QcryptoError **errp);
/* Bytes already decrypted and waiting to be read (gnutls_record_check_pending). */
size_t qcrypto_tls_session_check_pending(QcryptoTLSSession *s);
/* The peer's certificate DN (x509 with verify-peer, after check_credentials) or PSK username (server);
 * NULL if none. Free with qcrypto_free(). */
char *qcrypto_tls_session_get_peer_name(QcryptoTLSSession *s);
/* Sends close_notify (when the handshake completed) and frees the session. NULL is a no-op. */
void qcrypto_tls_session_free(QcryptoTLSSession *s);

/* ---- cryptodev (sysemu/cryptodev.h, hw/virtio/virtio-crypto.c) ----------------------------- */

/* virtio-crypto values (linux/virtio_crypto.h) for the buffer API below. */
#define QCRYPTO_VIRTIO_CRYPTO_CIPHER_AES_ECB 2
#define QCRYPTO_VIRTIO_CRYPTO_CIPHER_AES_CBC 3
#define QCRYPTO_VIRTIO_CRYPTO_CIPHER_AES_CTR 4
#define QCRYPTO_VIRTIO_CRYPTO_CIPHER_AES_XTS 13
#define QCRYPTO_VIRTIO_CRYPTO_OP_ENCRYPT 1
#define QCRYPTO_VIRTIO_CRYPTO_OP_DECRYPT 2

/* A virtio-crypto device on the cryptodev backend object backend_id (e.g. cryptodev-backend-builtin),
 * negotiated with the feature bits features (0, or VIRTIO_CRYPTO_F_REVISION_1 and stateless modes).
 * One device per backend at a time, as in QEMU. Free with qcrypto_cryptodev_free(). */
QcryptoCryptodev *qcrypto_cryptodev_new(QcryptoRegistry *reg, const char *backend_id, uint64_t features, QcryptoError **errp);
/* The virtqueue element API: one request as the guest laid it out (out_sg: device-readable
 * segments, in_sg: device-writable ones, the status byte last), as virtio-crypto's handle_ctrl and
 * handle_dataq take it. *used_len gets the bytes written to in_sg. Returns the virtio-crypto status
 * (VIRTIO_CRYPTO_OK 0, _ERR 1, _BADMSG 2, _NOTSUPP 3, _INVSESS 4, _NOSPC 5), also written into the
 * request, or -1 with *errp set where QEMU would mark the device broken (malformed chain). */
int qcrypto_cryptodev_process_control(QcryptoCryptodev *dev, const struct iovec *out_sg, unsigned out_num,
                                      const struct iovec *in_sg, unsigned in_num, uint32_t *used_len, QcryptoError **errp);
int qcrypto_cryptodev_process_data(QcryptoCryptodev *dev, int queue, const struct iovec *out_sg, unsigned out_num,
                                   const struct iovec *in_sg, unsigned in_num, uint32_t *used_len, QcryptoError **errp);
/* Caller-buffer API (the same requests, laid out for you): a cipher session (algo and op as above),
 * then requests of len bytes from src to dst (which may be the same buffer). Return the virtio-crypto
 * status: 0 ok, or > 0 (e.g. 4 for an unknown session); -1 with *errp set for bad arguments. */
int qcrypto_cryptodev_create_cipher_session(QcryptoCryptodev *dev, int algo, int op, const uint8_t *key, size_t key_len,
                                            uint64_t *session_id, QcryptoError **errp);
int qcrypto_cryptodev_cipher(QcryptoCryptodev *dev, uint64_t session_id, int op, const uint8_t *iv, size_t iv_len,
                             const uint8_t *src, uint8_t *dst, size_t len, QcryptoError **errp);
int qcrypto_cryptodev_close_session(QcryptoCryptodev *dev, uint64_t session_id, QcryptoError **errp);
void qcrypto_cryptodev_free(QcryptoCryptodev *dev);

/* ---- rng backends (sysemu/rng.h: rng-builtin, rng-random, rng-egd) ------------------------- */

/* Adds a chardev that objects can name (rng-egd's chardev=): QEMU's -chardev argument, socket only,
 * client side: "socket,id=ID,path=UNIX-SOCKET" or "socket,id=ID,host=HOST,port=PORT". The object that
 * names it connects when it is created. 0 or -1 with *errp set (e.g. "Duplicate ID 'c0' for chardev"). */
int qcrypto_chardev_add(QcryptoRegistry *reg, const char *chardev_arg, QcryptoError **errp);

/* Fills buf with len bytes of entropy from the rng object id (blocks until all len bytes came, as a
 * virtio-rng request completes). 0 or -1 with *errp set. */
int qcrypto_rng_read(QcryptoRegistry *reg, const char *id, void *buf, size_t len, QcryptoError **errp);

/* ---- SEV launch (target/i386/sev.c and its QMP commands) ---------------------------------- */

/* The platform is a software SEV platform directory ('qcrypto sev platform init DIR'); the host's
 * /dev/sev is not offered through this API. This process keeps the directory locked (other processes'
 * 'qcrypto sev' verbs on it wait) while a guest on it is live. Guest memory is the caller's: the data to
 * measure, and the memory a secret is injected into, are buffers the caller passes.
 *
 * The flow, as QEMU runs it for -object sev-guest,... -machine memory-encryption=ID -S:
 *   qcrypto_sev_launch_start          sev_kvm_init: the object's checks and LAUNCH_START
 *   qcrypto_sev_launch_update_data    sev_encrypt_flash: LAUNCH_UPDATE_DATA (firmware, kernel hashes)
 *   qcrypto_sev_launch_measure        machine-init-done's LAUNCH_MEASURE, and query-sev-launch-measure
 *   qcrypto_sev_inject_launch_secret  sev-inject-launch-secret (the packet from 'qcrypto sev secret')
 *   qcrypto_sev_launch_finish         the first run: LAUNCH_FINISH
 * Failures carry QEMU's message (with the lines QEMU reports before it, one per line, first) and, when the
 * firmware refused, its status as the code ("sev-bad-measurement", ...). */

/* LAUNCH_START for the sev-guest object sev_id of reg (its policy, dh-cert-file, session-file, handle,
 * cbitpos, reduced-phys-bits checked as QEMU checks them) on the software platform in platform_dir. The
 * guest is then in state launch-update. Free with qcrypto_sev_guest_free(). NULL with *errp set. */
QcryptoSevGuest *qcrypto_sev_launch_start(QcryptoRegistry *reg, const char *sev_id, const char *platform_dir, QcryptoError **errp);
/* LAUNCH_UPDATE_DATA: measures the len bytes at data (guest physical address gpa) and encrypts them in
 * place (on a software platform they stay readable, as the guest sees them). Only in state launch-update
 * ("wrong-state" otherwise; QEMU silently skips). 0 or -1 with *errp set. */
int qcrypto_sev_launch_update_data(QcryptoSevGuest *s, uint64_t gpa, uint8_t *data, size_t len, QcryptoError **errp);
/* LAUNCH_MEASURE (once, in launch-update; the guest then waits in launch-secret), then
 * query-sev-launch-measure: the base64 of MEASURE || MNONCE, as QMP's "data". Free with qcrypto_free().
 * NULL with *errp set (e.g. "sev-state" after the guest has run). */
char *qcrypto_sev_launch_measure(QcryptoSevGuest *s, QcryptoError **errp);
/* sev-inject-launch-secret: the packet header and the encrypted secret (base64, as 'qcrypto sev secret'
 * prints them) injected at guest physical address gpa. mem is the caller's host mapping of guest memory
 * from gpa on, mem_len bytes of it (QEMU's gpa2hva); it is written only if the firmware accepts the
 * packet. Only in state launch-secret. Returns the number of bytes written at mem, or -1 with *errp set
 * ("sev-state", "sev-decode", "sev-guest-address", "sev-bad-measurement", ...). gpa is required: unlike
 * QMP there is no OVMF table to find the secret area in. */
int qcrypto_sev_inject_launch_secret(QcryptoSevGuest *s, const char *packet_header, const char *secret, uint64_t gpa,
                                     void *mem, size_t mem_len, QcryptoError **errp);
/* LAUNCH_FINISH (QEMU's first vm start): the guest is then running. A running guest is left as it is.
 * 0 or -1 with *errp set. */
int qcrypto_sev_launch_finish(QcryptoSevGuest *s, QcryptoError **errp);
/* query-sev: QMP's return value as JSON text, members in QEMU's order:
 * {"enabled":true,"api-major":0,"api-minor":24,"build-id":15,"policy":1,"state":"launch-secret","handle":1}.
 * Free with qcrypto_free(). NULL with *errp set. */
char *qcrypto_sev_query(QcryptoSevGuest *s, QcryptoError **errp);
/* query-sev-capabilities of the software platform in platform_dir, as JSON text:
 * {"pdh":"...","cert-chain":"...","cpu0-id":"...","cbitpos":47,"reduced-phys-bits":1}. Free with qcrypto_free(). */
char *qcrypto_sev_query_capabilities(const char *platform_dir, QcryptoError **errp);
/* Frees the guest: DECOMMISSION, as the kernel does when a VM goes away. NULL is a no-op. */
void qcrypto_sev_guest_free(QcryptoSevGuest *s);

/* ---- the library's own counters (leak checks) ---------------------------------------------- */

size_t qcrypto_debug_live_handles(void);   /* registries, errors, sessions, devices, SEV guests not yet freed */
size_t qcrypto_debug_live_buffers(void);   /* buffers/strings not yet given to qcrypto_free */
size_t qcrypto_debug_misuse_count(void);   /* double frees and foreign handles detected so far */

#ifdef __cplusplus
}
#endif

#endif /* QCRYPTO_H */
