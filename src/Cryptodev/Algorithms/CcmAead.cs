using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Qcrypto.Primitives;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// AES-CCM (NIST SP 800-38C) through .NET's AesCcm. The spec's CCM IV text is copied from DPDK (the
/// nonce "starting at iv[1]" of a 16-byte buffer) and contradicts its own iv[iv_len] layout; we take
/// the vlf as written: iv_len is the nonce length (7..13) and iv holds the nonce. An empty message
/// goes through BouncyCastle: .NET's AesCcm on OpenSSL 3 fails on it ("tag not set").
/// </summary>
internal sealed class CcmAead : AeadCipher
{
    private readonly byte[] _key;
    private readonly EnginePool<AesCcm> _pool;

    public CcmAead(ReadOnlySpan<byte> key, int tagLength)
    {
        TagLength = tagLength;
        _key = PinnedCopy(key);
        _pool = new EnginePool<AesCcm>(() => new AesCcm(_key));
        _pool.Return(_pool.Rent());
    }

    public override VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        if (iv.Length is < 7 or > 13)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        if (plaintext.IsEmpty)
        {
            return Empty(forEncryption: true, iv, aad, tag);
        }

        var ccm = _pool.Rent();
        try
        {
            ccm.Encrypt(iv, plaintext, ciphertext, tag, aad);
            return VIRTIO_CRYPTO_OK;
        }
        catch (CryptographicException)
        {
            // A message too long for the nonce's length field.
            return VIRTIO_CRYPTO_ERR;
        }
        finally
        {
            _pool.Return(ccm);
        }
    }

    public override VirtioCryptoStatus Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        if (iv.Length is < 7 or > 13)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        if (ciphertext.IsEmpty)
        {
            Span<byte> mac = stackalloc byte[TagLength];
            Empty(forEncryption: true, iv, aad, mac);
            return Qcrypto.Primitives.ConstantTime.Equals(mac, tag) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_BADMSG;
        }

        var ccm = _pool.Rent();
        try
        {
            ccm.Decrypt(iv, ciphertext, tag, plaintext, aad);
            return VIRTIO_CRYPTO_OK;
        }
        catch (AuthenticationTagMismatchException)
        {
            return VIRTIO_CRYPTO_BADMSG;
        }
        catch (CryptographicException)
        {
            return VIRTIO_CRYPTO_ERR;
        }
        finally
        {
            _pool.Return(ccm);
        }
    }

    /// <summary>CCM of an empty message: the tag over the AAD alone.</summary>
    private VirtioCryptoStatus Empty(bool forEncryption, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, Span<byte> tag)
    {
        var ccm = new CcmBlockCipher(AesUtilities.CreateEngine());
        ccm.Init(forEncryption, new AeadParameters(new KeyParameter(_key), TagLength * 8, iv.ToArray(), aad.ToArray()));
        var output = new byte[TagLength];
        try
        {
            ccm.DoFinal(output, 0);
        }
        catch (InvalidCipherTextException)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        output.CopyTo(tag);
        return VIRTIO_CRYPTO_OK;
    }

    public override void Dispose()
    {
        _pool.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
