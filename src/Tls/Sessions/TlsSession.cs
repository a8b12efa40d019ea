using System.Runtime.InteropServices;
using Qcrypto.Objects;
using Qcrypto.Tls.Authz;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Sessions;

/// <summary>
/// A TLS session over any <see cref="Stream"/> (QEMU crypto/tlssession.c), itself a Stream once the
/// handshake is done, so any protocol can run over it. Creation, the handshake and the post-handshake
/// credential checks (<see cref="CheckCredentials"/>) follow QEMU 7.2 step by step and word by word.
/// </summary>
/// <remarks>One reader and one writer may use the session at the same time (GnuTLS allows it).</remarks>
public sealed partial class TlsSession : Stream
{
    private const int FatalAlertReceived = -12;
    private const int WarningAlertReceived = -16;
    private const byte FatalLevel = 2;

    private readonly SafeSessionHandle _handle;
    private readonly GnuTlsTransport _transport;
    private readonly TlsCreds _creds;
    private readonly IDisposable _credsInUse;
    private readonly ObjectRegistry? _registry;
    private readonly Stream? _inner;
    private readonly bool _ownsInner;
    private bool _disposed;
    private bool _refused;

    private TlsSession(TlsCreds creds, string? hostname, string? authzId, SafeSessionHandle handle, TlsTransport io, Stream? inner, bool ownsInner, ObjectRegistry? registry)
    {
        _creds = creds;
        _credsInUse = creds.Use();
        Hostname = hostname;
        AuthzId = authzId;
        _handle = handle;
        _inner = inner;
        _ownsInner = ownsInner;
        _registry = registry;
        _transport = new GnuTlsTransport(handle, io);
    }

    public string? Hostname { get; }

    public string? AuthzId { get; }

    public TlsEndpoint Endpoint => _creds.Endpoint;

    public bool HandshakeComplete { get; private set; }

    /// <summary>The peer's distinguished name (x509 with verify-peer), once checked.</summary>
    public string? PeerName { get; private set; }

    /// <summary>True if the peer closed the connection without a TLS close_notify.</summary>
    public bool PeerTruncated { get; private set; }

    /// <summary>
    /// qcrypto_tls_session_new: a session for <paramref name="endpoint"/> with the credentials'
    /// priority and GnuTLS credentials. The credentials count as in use until the session is disposed.
    /// </summary>
    public static TlsSession Create(TlsCreds creds, string? hostname, string? authzId, TlsEndpoint endpoint, Stream transport,
        ObjectRegistry? registry = null, bool ownsTransport = false) =>
        Create(creds, hostname, authzId, endpoint, TlsTransport.Blocking(transport), transport, ownsTransport, registry);

    /// <summary>
    /// qcrypto_tls_session_new over a (possibly non-blocking) <see cref="TlsTransport"/>: drive the handshake
    /// with <see cref="HandshakeStep"/> and move data with <see cref="TryRead"/> and <see cref="TryWrite"/>.
    /// </summary>
    public static TlsSession Create(TlsCreds creds, string? hostname, string? authzId, TlsEndpoint endpoint, TlsTransport transport,
        ObjectRegistry? registry = null) =>
        Create(creds, hostname, authzId, endpoint, transport, null, false, registry);

    private static TlsSession Create(TlsCreds creds, string? hostname, string? authzId, TlsEndpoint endpoint, TlsTransport io, Stream? inner,
        bool ownsTransport, ObjectRegistry? registry)
    {
        ArgumentNullException.ThrowIfNull(creds);
        if (!creds.IsLoaded)
        {
            throw new InvalidOperationException($"credentials '{creds.Id}' are not loaded");
        }

        if (creds.Endpoint != endpoint)
        {
            throw new TlsSessionException(TlsErrorCodes.Endpoint, "Credentials endpoint doesn't match session", creds.Id,
                $"'{creds.Id}' has endpoint={(creds.Endpoint == TlsEndpoint.Server ? "server" : "client")}");
        }

        var rc = Interop.GnuTls.gnutls_init(out var handle, endpoint == TlsEndpoint.Server ? Interop.GnuTls.GNUTLS_SERVER : Interop.GnuTls.GNUTLS_CLIENT);
        if (rc < 0)
        {
            handle.Dispose();
            throw new TlsSessionException(TlsErrorCodes.Session, $"Cannot initialize TLS session: {Interop.GnuTls.StrError(rc)}", creds.Id);
        }

        try
        {
            // QEMU 7.2 parses the priority string here, for every session: a string GnuTLS refuses fails each one.
            rc = creds.PriorityHandle is { } priority ? Interop.GnuTls.gnutls_priority_set(handle, priority) : throw creds.PriorityFailure();
            if (rc < 0)
            {
                throw new TlsSessionException(TlsErrorCodes.Priority, $"Unable to set TLS session priority {creds.Priority}: {Interop.GnuTls.StrError(rc)}", creds.Id);
            }

            var (type, credentials) = creds.NativeCredentials;
            rc = Interop.GnuTls.gnutls_credentials_set(handle, type, credentials.DangerousGetHandle());
            if (rc < 0)
            {
                throw new TlsSessionException(TlsErrorCodes.Session, $"Cannot set session credentials: {Interop.GnuTls.StrError(rc)}", creds.Id);
            }

            if (type == Interop.GnuTls.GNUTLS_CRD_CERTIFICATE && endpoint == TlsEndpoint.Server)
            {
                // Requests, but does not enforce, a client certificate: CheckCredentials enforces.
                Interop.GnuTls.gnutls_certificate_server_set_request(handle, Interop.GnuTls.GNUTLS_CERT_REQUEST);
            }

            return new TlsSession(creds, hostname, authzId, handle, io, inner, ownsTransport, registry);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Runs the handshake to completion over the (blocking) transport.</summary>
    public void Handshake()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var rc = Interop.GnuTls.gnutls_handshake(_handle);
            if (rc == 0)
            {
                HandshakeComplete = true;
                return;
            }

            if (rc is Interop.GnuTls.GNUTLS_E_AGAIN or Interop.GnuTls.GNUTLS_E_INTERRUPTED && _transport.Error is null)
            {
                continue;
            }

            if (TlsTransportError.Errno(_transport.PushError) is TlsTransportError.EPIPE or TlsTransportError.ECONNRESET)
            {
                // The peer refused and hung up while we were still sending our flight: its alert is unread.
                _transport.DrainForAlert();
            }

            throw Failure("TLS handshake failed", rc, TlsErrorCodes.Handshake, TlsStage.Handshake, _transport.Error);
        }
    }

    /// <summary>
    /// qcrypto_tls_session_check_credentials: nothing for anon and PSK; for x509 with verify-peer, the
    /// peer's certificate chain, validity, hostname (clients) and authz (servers with an authz id).
    /// </summary>
    public void CheckCredentials()
    {
        if (_creds is not TlsCredsX509 || !_creds.VerifyPeer)
        {
            return;
        }

        PeerCertificateCheck.Run(this, _handle, _creds, _registry);
    }

    internal void SetPeerName(string dn) => PeerName = dn;

    internal bool IsAllowedByAuthz(string identity) =>
        AuthzLookup.IsAllowed(_registry ?? throw new InvalidOperationException("an authz check needs the object registry"), AuthzId!, identity);

    /// <summary>Handshake and credential checks in one call, as QEMU's channel does them.</summary>
    public void Establish()
    {
        Handshake();
        try
        {
            CheckCredentials();
        }
        catch
        {
            // QEMU 7.2 just closes the channel when it refuses the peer: no close_notify, which would tell the peer all is well.
            _refused = true;
            throw;
        }
    }

    public TlsSessionInfo Info
    {
        get
        {
            var desc = Interop.GnuTls.gnutls_session_get_desc(_handle);
            string description;
            unsafe
            {
                description = Marshal.PtrToStringUTF8(desc) ?? string.Empty;
                Interop.GnuTls.Free((void*)desc);
            }

            return new TlsSessionInfo(
                Name(Interop.GnuTls.gnutls_protocol_get_name(Interop.GnuTls.gnutls_protocol_get_version(_handle))),
                Name(Interop.GnuTls.gnutls_cipher_get_name(Interop.GnuTls.gnutls_cipher_get(_handle))),
                KeyExchange(),
                description,
                PeerName);

            static string Name(IntPtr p) => Marshal.PtrToStringUTF8(p) ?? "unknown";
        }
    }

    /// <summary>
    /// GnuTLS's key exchange name; in TLS 1.3 with certificates it still says ECDHE-RSA for any certificate (the key
    /// exchange no longer depends on it), so name the group instead: "ECDHE-SECP256R1", "DHE-FFDHE2048".
    /// </summary>
    private string KeyExchange()
    {
        var kx = Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_kx_get_name(Interop.GnuTls.gnutls_kx_get(_handle))) ?? "unknown";
        if (_creds is not TlsCredsX509 || Interop.GnuTls.gnutls_protocol_get_version(_handle) != (int)Interop.GnuTls.GNUTLS_TLS1_3)
        {
            return kx;
        }

        var group = Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_group_get_name(Interop.GnuTls.gnutls_group_get(_handle)));
        return group is null ? kx : (group.StartsWith("FFDHE", StringComparison.Ordinal) ? "DHE-" : "ECDHE-") + group;
    }

    public override bool CanRead => !_disposed;

    public override bool CanWrite => !_disposed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override unsafe int Read(Span<byte> buffer)
    {
        EnsureReady();
        if (buffer.IsEmpty)
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Interop.GnuTls.gnutls_record_recv(_handle, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                // TLS 1.3 session tickets make a blocking recv return AGAIN now and then.
                if (n is Interop.GnuTls.GNUTLS_E_AGAIN or Interop.GnuTls.GNUTLS_E_INTERRUPTED && _transport.PullError is null)
                {
                    continue;
                }

                if (n == Interop.GnuTls.GNUTLS_E_PREMATURE_TERMINATION)
                {
                    PeerTruncated = true;
                    return 0;
                }

                // A Stream fails with IOException; the TlsSessionException inside says what happened and why.
                var failure = Failure("Cannot read from TLS channel", (int)n, TlsErrorCodes.Session, TlsStage.Read, _transport.PullError);
                throw new IOException(failure.Message, failure);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureReady();
        fixed (byte* p = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = Interop.GnuTls.gnutls_record_send(_handle, p + done, (nuint)(buffer.Length - done));
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }

                if (n is Interop.GnuTls.GNUTLS_E_AGAIN or Interop.GnuTls.GNUTLS_E_INTERRUPTED && _transport.PushError is null)
                {
                    continue;
                }

                var failure = Failure("Cannot write to TLS channel", (int)n, TlsErrorCodes.Session, TlsStage.Write, _transport.PushError);
                throw new IOException(failure.Message, failure);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => _inner?.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Sends close_notify (write side), so the peer sees a clean end of data.</summary>
    public void ShutdownWrite()
    {
        if (HandshakeComplete && !_disposed)
        {
            Interop.GnuTls.gnutls_bye(_handle, Interop.GnuTls.GNUTLS_SHUT_WR);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            try
            {
                if (_transport.Error is null && !_refused)
                {
                    ShutdownWrite();
                }
            }
            finally
            {
                _disposed = true;
                _handle.Dispose();
                _transport.Dispose();
                _credsInUse.Dispose();
                if (_ownsInner)
                {
                    _inner?.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    private void EnsureReady()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!HandshakeComplete)
        {
            throw new InvalidOperationException("the TLS handshake has not completed");
        }
    }

    private TlsSessionException Failure(string what, int rc, string code, TlsStage stage, Exception? cause)
    {
        // GnuTLS may turn a failing transport into "try again": the transport's own error is the news then.
        var message = cause is null ? $"{what}: {Interop.GnuTls.StrError(rc)}"
            : rc is Interop.GnuTls.GNUTLS_E_AGAIN or Interop.GnuTls.GNUTLS_E_INTERRUPTED ? $"{what}: {cause.Message}"
            : $"{what}: {Interop.GnuTls.StrError(rc)} ({cause.Message})";
        TlsAlert? alert = null;
        var plaintext = false;
        if (rc is FatalAlertReceived or WarningAlertReceived)
        {
            alert = TlsAlert.FromNumber(Interop.GnuTls.gnutls_alert_get(_handle));
        }
        else if (_transport.Received.LastPlainAlert is { Level: FatalLevel } plain)
        {
            // An alert GnuTLS could not read (it expected it encrypted): the peer's reason all the same.
            (alert, plaintext) = (TlsAlert.FromNumber(plain.Description), true);
        }

        var errno = TlsTransportError.Errno(cause);
        string? protocol = null;
        if (HandshakeComplete)
        {
            protocol = Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_protocol_get_name(Interop.GnuTls.gnutls_protocol_get_version(_handle)));
        }

        var peerUser = _creds is TlsCredsPsk && Endpoint == TlsEndpoint.Server
            ? Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_psk_server_get_username(_handle)) is { Length: > 0 } user ? user : null
            : null;
        var hint = TlsFailureHints.For(new TlsFailureFacts(stage, rc, Endpoint == TlsEndpoint.Server, _creds, alert, plaintext, errno, protocol, peerUser));
        return new TlsSessionException(code, message, _creds.Id, hint, cause) { Stage = stage, GnuTlsError = rc, Alert = alert, Errno = errno };
    }
}
