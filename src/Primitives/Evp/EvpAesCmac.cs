using System.Security.Cryptography;
using Qcrypto.Primitives.Interop;

namespace Qcrypto.Primitives.Evp;

/// <summary>
/// CMAC-AES through libcrypto's EVP_MAC, keyed once: per message the context is re-initialised
/// without a key, then update and final. Not thread-safe: pool these (<see cref="EnginePool{T}"/>).
/// </summary>
public sealed unsafe class EvpAesCmac : IDisposable
{
    private nint _ctx;

    /// <summary>A CMAC context keyed with <paramref name="key"/> (16, 24 or 32 bytes).</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    /// <exception cref="CryptographicException">libcrypto refused the context.</exception>
    public EvpAesCmac(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("AES-CMAC needs a 16, 24 or 32-byte key", nameof(key));
        }

        var mac = Libcrypto.EVP_MAC_fetch(0, "CMAC", null);
        if (mac == 0)
        {
            throw new CryptographicException("libcrypto has no CMAC");
        }

        _ctx = Libcrypto.EVP_MAC_CTX_new(mac);
        Libcrypto.EVP_MAC_free(mac); // the context holds its own reference
        var name = key.Length switch { 16 => "AES-128-CBC\0"u8, 24 => "AES-192-CBC\0"u8, _ => "AES-256-CBC\0"u8 };
        fixed (byte* pName = name)
        fixed (byte* pKey = key)
        fixed (byte* pParamName = "cipher\0"u8)
        {
            var parameters = stackalloc Libcrypto.OsslParam[2];
            parameters[0] = new Libcrypto.OsslParam { Key = pParamName, DataType = Libcrypto.OSSL_PARAM_UTF8_STRING, Data = pName, DataSize = (nuint)(name.Length - 1), ReturnSize = nuint.MaxValue };
            parameters[1] = default;
            if (_ctx == 0 || Libcrypto.EVP_MAC_init(_ctx, pKey, (nuint)key.Length, parameters) != 1)
            {
                Dispose();
                throw new CryptographicException("EVP_MAC_init failed");
            }
        }
    }

    /// <summary>Writes the first <c>tag.Length</c> (1..16) bytes of the MAC of <paramref name="message"/>.</summary>
    /// <exception cref="ArgumentException">The tag is longer than 16 bytes.</exception>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag.Length, 16, nameof(tag));
        Span<byte> full = stackalloc byte[16];
        nuint written;
        fixed (byte* pIn = message)
        fixed (byte* pOut = full)
        {
            if (Libcrypto.EVP_MAC_init(_ctx, null, 0, null) != 1
                || (!message.IsEmpty && Libcrypto.EVP_MAC_update(_ctx, pIn, (nuint)message.Length) != 1)
                || Libcrypto.EVP_MAC_final(_ctx, pOut, &written, 16) != 1)
            {
                throw new CryptographicException("libcrypto CMAC call failed");
            }
        }

        full[..tag.Length].CopyTo(tag);
        CryptographicOperations.ZeroMemory(full);
    }

    /// <summary>Frees the context (libcrypto cleanses the key).</summary>
    public void Dispose()
    {
        var ctx = _ctx;
        _ctx = 0;
        if (ctx != 0)
        {
            Libcrypto.EVP_MAC_CTX_free(ctx);
        }
    }
}
