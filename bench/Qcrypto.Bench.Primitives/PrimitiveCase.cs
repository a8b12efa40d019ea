using System.Security.Cryptography;
using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Bench.Primitives;

/// <summary>
/// One mode at one size, ours and libcrypto's, each set up once (keys expanded, contexts made) as a
/// virtio-crypto session sets them up, so a run times only the per-message work.
/// </summary>
internal sealed class PrimitiveCase : IDisposable
{
    public static readonly string[] Modes =
    [
        "ecb-enc", "ecb-dec", "cbc-enc", "cbc-dec", "ctr", "cmac", "gcm-enc", "gcm-dec", "gmac",
    ];

    private readonly byte[] _iv;
    private readonly byte[] _src;
    private readonly byte[] _dst;
    private readonly byte[] _tag = new byte[16];
    private readonly Action _ours;
    private readonly Action _evp;
    private readonly List<IDisposable> _owned = [];

    public PrimitiveCase(string mode, int size)
    {
        Mode = mode;
        Size = size;
        var key = RandomNumberGenerator.GetBytes(32);
        _iv = RandomNumberGenerator.GetBytes(mode.StartsWith("g", StringComparison.Ordinal) ? 12 : 16);
        _src = RandomNumberGenerator.GetBytes(size);
        _dst = new byte[size];
        (_ours, _evp) = mode switch
        {
            "ecb-enc" => Cipher(EvpAesMode.Ecb, key, true, (k, iv, s, d) => k.EncryptEcb(s, d)),
            "ecb-dec" => Cipher(EvpAesMode.Ecb, key, false, (k, iv, s, d) => k.DecryptEcb(s, d)),
            "cbc-enc" => Cipher(EvpAesMode.Cbc, key, true, (k, iv, s, d) => k.EncryptCbc(iv, s, d)),
            "cbc-dec" => Cipher(EvpAesMode.Cbc, key, false, (k, iv, s, d) => k.DecryptCbc(iv, s, d)),
            "ctr" => Cipher(EvpAesMode.Ctr, key, true, (k, iv, s, d) => k.Ctr(iv, s, d)),
            "cmac" => Cmac(key),
            "gcm-enc" or "gmac" => Gcm(key, encrypt: true, aadOnly: mode == "gmac"),
            "gcm-dec" => Gcm(key, encrypt: false, aadOnly: false),
            _ => throw new ArgumentException($"unknown mode '{mode}' (known: {string.Join(", ", Modes)})"),
        };
    }

    public string Mode { get; }

    public int Size { get; }

    public Action Get(bool evp) => evp ? _evp : _ours;

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private (Action, Action) Cipher(EvpAesMode mode, byte[] key, bool encrypt, Action<AesNiKey, byte[], byte[], byte[]> ours)
    {
        var ni = Own(new AesNiKey(key));
        var evp = Own(new EvpAesCipher(mode, key, encrypt));
        var iv = mode == EvpAesMode.Ecb ? [] : _iv;
        return (() => ours(ni, _iv, _src, _dst), () => evp.Transform(iv, _src, _dst));
    }

    private (Action, Action) Cmac(byte[] key)
    {
        var ours = Own(new AesCmac(key));
        var evp = Own(new EvpAesCmac(key));
        return (() => ours.Compute(_src, _tag), () => evp.Compute(_src, _tag));
    }

    private (Action, Action) Gcm(byte[] key, bool encrypt, bool aadOnly)
    {
        var ours = Own(new AesNiGcm(key));
        var evp = Own(new EvpAesGcm(key));
        if (aadOnly)
        {
            return (() => ours.Encrypt(_iv, _src, [], [], _tag), () => evp.Encrypt(_iv, _src, [], [], _tag));
        }

        if (encrypt)
        {
            return (() => ours.Encrypt(_iv, [], _src, _dst, _tag), () => evp.Encrypt(_iv, [], _src, _dst, _tag));
        }

        // Decrypt a real ciphertext, so both check a tag that matches and write the plaintext.
        var ciphertext = new byte[Size];
        ours.Encrypt(_iv, [], _src, ciphertext, _tag);
        return (() => ours.Decrypt(_iv, [], ciphertext, _tag, _dst), () => evp.Decrypt(_iv, [], ciphertext, _tag, _dst));
    }
}
