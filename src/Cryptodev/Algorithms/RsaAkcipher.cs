using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoRsaHash;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// RSA through .NET (OpenSSL) for PKCS#1 v1.5 encryption and signatures with MD5, SHA-1 and SHA-2;
/// BouncyCastle (blinded) for what .NET lacks: raw RSA, and signatures with SHA-224 or no DigestInfo
/// at all (RSA_NO_HASH). A signature's input is the digest, not the message (the spec: "usually the
/// digest of some data"), i.e. what `openssl pkeyutl -sign -pkeyopt digest:sha256` takes.
/// A PKCS#1 decryption failure is ERR: the guest learns the padding was bad, as with QEMU.
/// </summary>
internal sealed class RsaAkcipher : Akcipher
{
    // DER DigestInfo prefix for SHA-224 (RFC 8017, 9.2 note 1); .NET adds the others itself.
    private static readonly byte[] Sha224Prefix = Convert.FromHexString("302d300d06096086480165030402040500041c");

    private readonly RSA _rsa;
    private readonly VirtioCryptoRsaPadding _padding;
    private readonly VirtioCryptoRsaHash _hash;
    private readonly int _modulusBytes;
    private ICipherParameters? _bcPublic;
    private ICipherParameters? _bcPrivate;

    private RsaAkcipher(RSA rsa, bool isPrivate, VirtioCryptoRsaPadding padding, VirtioCryptoRsaHash hash)
    {
        _rsa = rsa;
        IsPrivate = isPrivate;
        _padding = padding;
        _hash = hash;
        _modulusBytes = (rsa.KeySize + 7) / 8;
    }

    public static VirtioCryptoStatus TryCreate(bool isPrivate, AkcipherPara para, ReadOnlySpan<byte> key, out Akcipher? akcipher)
    {
        akcipher = null;
        var padding = para.RsaPadding;
        var hash = para.RsaHash;
        if (padding is not (VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_RAW_PADDING or VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING))
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        // QEMU refuses the same hashes ("Unsupported rsa hash algo"); the raw padding ignores the hash.
        if (padding == VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING
            && hash is not (VIRTIO_CRYPTO_RSA_NO_HASH or VIRTIO_CRYPTO_RSA_MD5 or VIRTIO_CRYPTO_RSA_SHA1 or VIRTIO_CRYPTO_RSA_SHA224
                or VIRTIO_CRYPTO_RSA_SHA256 or VIRTIO_CRYPTO_RSA_SHA384 or VIRTIO_CRYPTO_RSA_SHA512))
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        var rsa = RSA.Create();
        try
        {
            int read;
            if (isPrivate)
            {
                rsa.ImportRSAPrivateKey(key, out read);
            }
            else
            {
                rsa.ImportRSAPublicKey(key, out read);
            }

            if (read != key.Length || rsa.KeySize < 512)
            {
                rsa.Dispose();
                return VIRTIO_CRYPTO_ERR;
            }
        }
        catch
        {
            rsa.Dispose();
            throw;
        }

        akcipher = new RsaAkcipher(rsa, isPrivate, padding, hash);
        return VIRTIO_CRYPTO_OK;
    }

    public override VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        if (dst.Length < _modulusBytes)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        lock (Sync)
        {
            if (_padding == VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_RAW_PADDING)
            {
                return Raw(Public(), src, dst, out written);
            }

            try
            {
                return _rsa.TryEncrypt(src, dst, RSAEncryptionPadding.Pkcs1, out written) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_ERR;
            }
            catch (CryptographicException)
            {
                // Too long a message for the key.
                return VIRTIO_CRYPTO_ERR;
            }
        }
    }

    public override VirtioCryptoStatus Decrypt(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        if (!IsPrivate || src.Length != _modulusBytes)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        lock (Sync)
        {
            if (_padding == VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_RAW_PADDING)
            {
                return dst.Length < _modulusBytes ? VIRTIO_CRYPTO_ERR : Raw(Private(), src, dst, out written);
            }

            // The plaintext may be up to k - 11 bytes; decrypt into a buffer of k and copy what fits.
            var buffer = new byte[_modulusBytes];
            try
            {
                if (!_rsa.TryDecrypt(src, buffer, RSAEncryptionPadding.Pkcs1, out var n) || n > dst.Length)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                buffer.AsSpan(0, n).CopyTo(dst);
                written = n;
                return VIRTIO_CRYPTO_OK;
            }
            catch (CryptographicException)
            {
                return VIRTIO_CRYPTO_ERR;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(buffer);
            }
        }
    }

    public override VirtioCryptoStatus Sign(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;

        // The spec: raw-padding sessions MUST NOT be used for signing and verification.
        if (_padding == VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_RAW_PADDING)
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        if (!IsPrivate || dst.Length < _modulusBytes)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        lock (Sync)
        {
            if (DotNetHash() is { } name)
            {
                try
                {
                    return _rsa.TrySignHash(src, dst, name, RSASignaturePadding.Pkcs1, out written) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_ERR;
                }
                catch (CryptographicException)
                {
                    // src is not a digest of the session's hash length.
                    return VIRTIO_CRYPTO_ERR;
                }
            }

            // SHA-224 or no hash: EMSA-PKCS1-v1_5 over (DigestInfo prefix ||) src, with BouncyCastle.
            var prefix = _hash == VIRTIO_CRYPTO_RSA_SHA224 ? Sha224Prefix : [];
            if (_hash == VIRTIO_CRYPTO_RSA_SHA224 && src.Length != 28)
            {
                return VIRTIO_CRYPTO_ERR;
            }

            var message = new byte[prefix.Length + src.Length];
            prefix.CopyTo(message, 0);
            src.CopyTo(message.AsSpan(prefix.Length));
            try
            {
                var pkcs1 = new Pkcs1Encoding(new RsaBlindedEngine());
                pkcs1.Init(true, Private());
                var signature = pkcs1.ProcessBlock(message, 0, message.Length);
                return LeftPad(signature, dst, out written);
            }
            catch (DataLengthException)
            {
                return VIRTIO_CRYPTO_ERR;
            }
        }
    }

    public override VirtioCryptoStatus Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
    {
        if (_padding == VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_RAW_PADDING)
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        lock (Sync)
        {
            try
            {
                if (DotNetHash() is { } name)
                {
                    return _rsa.VerifyHash(data, signature, name, RSASignaturePadding.Pkcs1) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_KEY_REJECTED;
                }

                var prefix = _hash == VIRTIO_CRYPTO_RSA_SHA224 ? Sha224Prefix : [];
                var pkcs1 = new Pkcs1Encoding(new RsaEngine());
                pkcs1.Init(false, Public());
                var recovered = pkcs1.ProcessBlock(signature.ToArray(), 0, signature.Length);
                var expected = new byte[prefix.Length + data.Length];
                prefix.CopyTo(expected, 0);
                data.CopyTo(expected.AsSpan(prefix.Length));
                return CryptographicOperations.FixedTimeEquals(recovered, expected) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_KEY_REJECTED;
            }
            catch (Exception e) when (e is CryptographicException or InvalidCipherTextException or DataLengthException)
            {
                return VIRTIO_CRYPTO_KEY_REJECTED;
            }
        }
    }

    public override void Dispose()
    {
        lock (Sync)
        {
            _rsa.Dispose();
            _bcPrivate = null;
            _bcPublic = null;
        }
    }

    private HashAlgorithmName? DotNetHash() => _hash switch
    {
        VIRTIO_CRYPTO_RSA_MD5 => HashAlgorithmName.MD5,
        VIRTIO_CRYPTO_RSA_SHA1 => HashAlgorithmName.SHA1,
        VIRTIO_CRYPTO_RSA_SHA256 => HashAlgorithmName.SHA256,
        VIRTIO_CRYPTO_RSA_SHA384 => HashAlgorithmName.SHA384,
        VIRTIO_CRYPTO_RSA_SHA512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>Textbook RSA on src read as a big-endian integer (left-padded by the spec), result left-padded to k bytes.</summary>
    private VirtioCryptoStatus Raw(ICipherParameters key, ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        if (src.Length > _modulusBytes)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        try
        {
            var engine = new RsaBlindedEngine();
            engine.Init(!ReferenceEquals(key, _bcPrivate), key);
            var input = src.ToArray();
            var output = engine.ProcessBlock(input, 0, input.Length);
            CryptographicOperations.ZeroMemory(input);
            return LeftPad(output, dst, out written);
        }
        catch (DataLengthException)
        {
            // The input is not below the modulus.
            return VIRTIO_CRYPTO_ERR;
        }
    }

    private VirtioCryptoStatus LeftPad(byte[] value, Span<byte> dst, out int written)
    {
        written = _modulusBytes;
        dst[.._modulusBytes].Clear();
        value.CopyTo(dst[(_modulusBytes - value.Length).._modulusBytes]);
        CryptographicOperations.ZeroMemory(value);
        return VIRTIO_CRYPTO_OK;
    }

    private ICipherParameters Public()
    {
        if (_bcPublic is null)
        {
            var p = _rsa.ExportParameters(false);
            _bcPublic = new RsaKeyParameters(false, Big(p.Modulus), Big(p.Exponent));
        }

        return _bcPublic;
    }

    private ICipherParameters Private()
    {
        if (_bcPrivate is null)
        {
            var p = _rsa.ExportParameters(true);
            try
            {
                _bcPrivate = new RsaPrivateCrtKeyParameters(Big(p.Modulus), Big(p.Exponent), Big(p.D), Big(p.P), Big(p.Q), Big(p.DP), Big(p.DQ), Big(p.InverseQ));
            }
            finally
            {
                foreach (var part in new[] { p.D, p.P, p.Q, p.DP, p.DQ, p.InverseQ })
                {
                    CryptographicOperations.ZeroMemory(part);
                }
            }
        }

        return _bcPrivate;
    }

    private static BcBigInteger Big(byte[]? bytes) => new(1, bytes!);
}
