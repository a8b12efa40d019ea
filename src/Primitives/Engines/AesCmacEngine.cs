using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Primitives.Engines;

/// <summary>
/// CMAC-AES (NIST SP 800-38B, RFC 4493) for one key, for many messages from many threads: ours
/// (<see cref="AesCmac"/>, no per-call set-up) for short messages, libcrypto's EVP_MAC context kept
/// per key from <see cref="Crossover"/> on, where its CBC-MAC loop is faster (README, Benchmarks).
/// </summary>
public sealed class AesCmacEngine : IDisposable
{
    /// <summary>Messages of at least this many bytes go to libcrypto (ours/libcrypto: 1.50 at 128 B, 1.08 at 256 B, 0.71 at 4 KiB).</summary>
    public const int Crossover = 256;

    private readonly AesCmac _ours;
    private readonly bool _aesNi;
    private readonly byte[]? _key;
    private readonly EnginePool<EvpAesCmac>? _evp;

    /// <summary>Sets up CMAC with <paramref name="key"/> (16, 24 or 32 bytes).</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public AesCmacEngine(ReadOnlySpan<byte> key)
    {
        _ours = new AesCmac(key);
        _aesNi = AesNiKey.IsSupported;
        if (EvpAesCipher.IsAvailable)
        {
            var copy = PinnedBytes.Copy(key);
            _key = copy;
            _evp = new EnginePool<EvpAesCmac>(() => new EvpAesCmac(copy));
        }
    }

    /// <summary>Writes the first <c>tag.Length</c> (1..16) bytes of the MAC of <paramref name="message"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        // Without AES-NI ours runs on .NET one block at a time: libcrypto wins at every size.
        if (_evp is null || (_aesNi && message.Length < Crossover))
        {
            _ours.Compute(message, tag);
            return;
        }

        var context = _evp.Rent();
        try
        {
            context.Compute(message, tag);
        }
        finally
        {
            _evp.Return(context);
        }
    }

    /// <summary>Zeroes the keys and frees the libcrypto contexts.</summary>
    public void Dispose()
    {
        _ours.Dispose();
        _evp?.Dispose();
        if (_key is not null)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(_key);
        }
    }
}
