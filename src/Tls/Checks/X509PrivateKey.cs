using System.Runtime.InteropServices;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

/// <summary>A private key as GnuTLS parses it (the key bytes stay inside GnuTLS; only its id and size come out).</summary>
internal sealed unsafe class X509PrivateKey : IDisposable
{
    private X509PrivateKey(SafeX509PrivateKeyHandle handle)
    {
        Handle = handle;
        PkAlgorithm = Interop.GnuTls.gnutls_x509_privkey_get_pk_algorithm2(handle, out var bits);
        KeyBits = bits;
        var buffer = new byte[64];
        nuint size = (nuint)buffer.Length;
        fixed (byte* p = buffer)
        {
            KeyId = Interop.GnuTls.gnutls_x509_privkey_get_key_id(handle, Interop.GnuTls.GNUTLS_KEYID_USE_SHA256, p, ref size) < 0 ? null : buffer[..(int)size];
        }
    }

    public SafeX509PrivateKeyHandle Handle { get; }

    public int PkAlgorithm { get; }

    public uint KeyBits { get; }

    public byte[]? KeyId { get; }

    /// <summary>
    /// gnutls_x509_privkey_import2 of a PEM key with an optional NUL-terminated password (as QEMU hands it over);
    /// returns the GnuTLS error code on failure.
    /// </summary>
    public static int Import(ReadOnlySpan<byte> pem, ReadOnlySpan<byte> passwordCString, bool hasPassword, out X509PrivateKey? key)
    {
        key = null;
        var rc = Interop.GnuTls.gnutls_x509_privkey_init(out var handle);
        if (rc < 0)
        {
            handle.Dispose();
            return rc;
        }

        fixed (byte* p = pem)
        fixed (byte* pw = passwordCString)
        {
            rc = Interop.GnuTls.gnutls_x509_privkey_import2(handle, new Interop.GnuTls.Datum { Data = p, Size = (uint)pem.Length }, Interop.GnuTls.GNUTLS_X509_FMT_PEM,
                hasPassword ? pw : null, 0);
        }

        if (rc < 0)
        {
            handle.Dispose();
            return rc;
        }

        key = new X509PrivateKey(handle);
        return 0;
    }

    public void Dispose() => Handle.Dispose();
}

/// <summary>DH parameters' prime size, as GnuTLS reads dh-params.pem.</summary>
internal static unsafe class DhParamsInfo
{
    /// <summary>The prime's size in bits, or a negative GnuTLS error code.</summary>
    public static int PrimeBits(ReadOnlySpan<byte> pem)
    {
        var rc = Interop.GnuTls.gnutls_dh_params_init(out var parameters);
        using (parameters)
        {
            if (rc < 0)
            {
                return rc;
            }

            fixed (byte* p = pem)
            {
                rc = Interop.GnuTls.gnutls_dh_params_import_pkcs3(parameters, new Interop.GnuTls.Datum { Data = p, Size = (uint)pem.Length }, Interop.GnuTls.GNUTLS_X509_FMT_PEM);
            }

            if (rc < 0)
            {
                return rc;
            }

            rc = Interop.GnuTls.gnutls_dh_params_export_raw(parameters, out var prime, out var generator, out var bits);
            if (rc < 0)
            {
                return rc;
            }

            try
            {
                // The prime's length in bits, leading zero bytes (an MPI sign byte) skipped.
                var span = new ReadOnlySpan<byte>(prime.Data, (int)prime.Size);
                var first = span.IndexOfAnyExcept((byte)0);
                return first < 0 ? 0 : ((span.Length - first - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)span[first]));
            }
            finally
            {
                Interop.GnuTls.Free(prime.Data);
                Interop.GnuTls.Free(generator.Data);
                _ = bits;
            }
        }
    }
}
