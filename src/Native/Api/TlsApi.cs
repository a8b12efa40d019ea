using System.Runtime.InteropServices;
using Qcrypto.Native.Handles;
using Qcrypto.Native.Interop;
using Qcrypto.Native.Tls;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Native.Api;

/// <summary>qcrypto_tls_session_* (QEMU crypto/tlssession.h), non-blocking through the caller's callbacks.</summary>
internal static unsafe class TlsApi
{
    private const nint ErrBlock = -2;

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_new")]
    public static nint New(nint reg, byte* credsId, byte* hostname, byte* authzId, int endpoint, nint* errp)
    {
        const string function = "qcrypto_tls_session_new";
        try
        {
            var registry = RegistryApi.Lookup(reg, function, errp);
            if (registry is null)
            {
                return 0;
            }

            if (NativeText.From(credsId) is not { } creds)
            {
                ErrorSink.Null(errp, function, "creds_id");
                return 0;
            }

            if (endpoint is not (0 or 1))
            {
                ErrorSink.Set(errp, ErrorSink.InvalidArgument, $"{function}: endpoint must be 0 (server) or 1 (client), not {endpoint}");
                return 0;
            }

            var session = NativeTlsSession.Create(registry, creds, NativeText.From(hostname), NativeText.From(authzId),
                endpoint == 0 ? TlsEndpoint.Server : TlsEndpoint.Client);
            return HandleTable.Add(session);
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_set_callbacks")]
    public static void SetCallbacks(nint s, delegate* unmanaged<byte*, nuint, void*, nint> writeFunc, delegate* unmanaged<byte*, nuint, void*, nint> readFunc, void* opaque)
    {
        if (HandleTable.Get<NativeTlsSession>(s) is { } session)
        {
            lock (session.ReadLock)
            {
                lock (session.WriteLock)
                {
                    session.Transport.Set(writeFunc, readFunc, opaque);
                }
            }
        }
        else
        {
            Misuse.Report("qcrypto_tls_session_set_callbacks", "s", "QcryptoTLSSession");
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_handshake")]
    public static int Handshake(nint s, nint* errp)
    {
        try
        {
            if (Session(s, "qcrypto_tls_session_handshake", errp, needsCallbacks: true) is not { } session)
            {
                return -1;
            }

            lock (session.ReadLock)
            {
                lock (session.WriteLock)
                {
                    return (int)session.Session.HandshakeStep();
                }
            }
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_check_credentials")]
    public static int CheckCredentials(nint s, nint* errp)
    {
        try
        {
            if (Session(s, "qcrypto_tls_session_check_credentials", errp, needsCallbacks: false) is not { } session)
            {
                return -1;
            }

            if (!session.Session.HandshakeComplete)
            {
                ErrorSink.Set(errp, ErrorSink.WrongState, "qcrypto_tls_session_check_credentials: the handshake has not completed");
                return -1;
            }

            session.CheckCredentials();
            return 0;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_write")]
    public static nint Write(nint s, byte* buf, nuint len, nint* errp)
    {
        try
        {
            if (Ready(s, buf, "qcrypto_tls_session_write", errp) is not { } session)
            {
                return -1;
            }

            lock (session.WriteLock)
            {
                var n = session.Session.TryWrite(new ReadOnlySpan<byte>(buf, (int)Math.Min(len, int.MaxValue)));
                return n == TlsTransport.WouldBlock ? ErrBlock : n;
            }
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_read")]
    public static nint Read(nint s, byte* buf, nuint len, nint* errp)
    {
        try
        {
            if (Ready(s, buf, "qcrypto_tls_session_read", errp) is not { } session)
            {
                return -1;
            }

            lock (session.ReadLock)
            {
                var n = session.Session.TryRead(new Span<byte>(buf, (int)Math.Min(len, int.MaxValue)));
                return n == TlsTransport.WouldBlock ? ErrBlock : n;
            }
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_check_pending")]
    public static nuint CheckPending(nint s)
    {
        try
        {
            return HandleTable.Get<NativeTlsSession>(s) is { } session ? (nuint)session.Session.PendingBytes : 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_get_peer_name")]
    public static byte* GetPeerName(nint s)
    {
        try
        {
            var session = HandleTable.Get<NativeTlsSession>(s)?.Session;
            var name = session?.PeerName ?? session?.PskUsername;
            return name is null ? null : NativeBuffers.Utf8(name);
        }
        catch (Exception)
        {
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_tls_session_free")]
    public static void Free(nint s)
    {
        if (s == 0)
        {
            return;
        }

        try
        {
            if (HandleTable.Remove<NativeTlsSession>(s) is { } session)
            {
                session.Dispose();
            }
            else
            {
                Misuse.Report("qcrypto_tls_session_free", "s", "QcryptoTLSSession");
            }
        }
        catch (Exception)
        {
            // close_notify could not be sent: the session is freed all the same.
        }
    }

    private static NativeTlsSession? Session(nint s, string function, nint* errp, bool needsCallbacks)
    {
        if (s == 0)
        {
            ErrorSink.Null(errp, function, "s");
            return null;
        }

        var session = HandleTable.Get<NativeTlsSession>(s);
        if (session is null)
        {
            ErrorSink.BadHandle(errp, function, "s", "QcryptoTLSSession");
            return null;
        }

        if (needsCallbacks && !session.Transport.IsSet)
        {
            ErrorSink.Set(errp, ErrorSink.WrongState, $"{function}: no transport: call qcrypto_tls_session_set_callbacks first");
            return null;
        }

        return session;
    }

    private static NativeTlsSession? Ready(nint s, byte* buf, string function, nint* errp)
    {
        var session = Session(s, function, errp, needsCallbacks: true);
        if (session is null)
        {
            return null;
        }

        if (buf is null)
        {
            ErrorSink.Null(errp, function, "buf");
            return null;
        }

        if (!session.Session.HandshakeComplete)
        {
            ErrorSink.Set(errp, ErrorSink.WrongState, $"{function}: the handshake has not completed");
            return null;
        }

        return session;
    }
}
