using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// SHA-224, SHA3-224 and HMAC-SHA-224 from BouncyCastle: .NET has none of them. BouncyCastle's
/// digests are not thread-safe and hold the key in managed arrays; a lock serialises a session's
/// requests, and the HMAC state is cleared on dispose (Reset overwrites the padded key).
/// </summary>
internal sealed class BouncyAuthenticator : Authenticator
{
    private readonly IDigest? _digest;
    private readonly IMac? _mac;
    private readonly Lock _lock = new();

    private BouncyAuthenticator(IDigest? digest, IMac? mac)
    {
        _digest = digest;
        _mac = mac;
    }

    public static BouncyAuthenticator Sha224() => new(new Sha224Digest(), null);

    public static BouncyAuthenticator Sha3_224() => new(new Sha3Digest(224), null);

    public static BouncyAuthenticator HmacSha224(ReadOnlySpan<byte> key)
    {
        var mac = new HMac(new Sha224Digest());
        mac.Init(new KeyParameter(key));
        return new BouncyAuthenticator(null, mac);
    }

    public override int MaxResultLength => 28;

    public override VirtioCryptoStatus Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> result)
    {
        Span<byte> full = stackalloc byte[28];
        lock (_lock)
        {
            if (_digest is not null)
            {
                _digest.BlockUpdate(first);
                _digest.BlockUpdate(second);
                _digest.DoFinal(full);
            }
            else
            {
                _mac!.BlockUpdate(first);
                _mac.BlockUpdate(second);
                _mac.DoFinal(full);
            }
        }

        full[..result.Length].CopyTo(result);
        full.Clear();
        return VirtioCryptoStatus.VIRTIO_CRYPTO_OK;
    }

    public override void Dispose()
    {
        lock (_lock)
        {
            _digest?.Reset();
            if (_mac is not null)
            {
                // HMac keeps ipad/opad states derived from the key; re-keying with zeros overwrites them.
                _mac.Init(new KeyParameter(new byte[28]));
            }
        }
    }
}
