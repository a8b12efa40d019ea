using System.Formats.Asn1;
using System.Security.Cryptography;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoCurve;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// ECDSA on P-256, P-384 and P-521 through .NET (OpenSSL). A private key is an RFC 5915 ECPrivateKey
/// (its optional curve, when present, must be the session's); a public key is the ECPoint's value,
/// uncompressed (0x04 || X || Y). Signatures are DER Ecdsa-Sig-Value over src as the digest.
/// ENCRYPT and DECRYPT are NOTSUPP: ECDSA only signs.
/// </summary>
internal sealed class EcdsaAkcipher : Akcipher
{
    private readonly ECDsa _ecdsa;

    private EcdsaAkcipher(ECDsa ecdsa, bool isPrivate)
    {
        _ecdsa = ecdsa;
        IsPrivate = isPrivate;
    }

    public static VirtioCryptoStatus TryCreate(bool isPrivate, VirtioCryptoCurve curveId, ReadOnlySpan<byte> key, out Akcipher? akcipher)
    {
        akcipher = null;
        (ECCurve Curve, string Oid, int Size)? known = curveId switch
        {
            VIRTIO_CRYPTO_CURVE_NIST_P256 => (ECCurve.NamedCurves.nistP256, "1.2.840.10045.3.1.7", 32),
            VIRTIO_CRYPTO_CURVE_NIST_P384 => (ECCurve.NamedCurves.nistP384, "1.3.132.0.34", 48),
            VIRTIO_CRYPTO_CURVE_NIST_P521 => (ECCurve.NamedCurves.nistP521, "1.3.132.0.35", 66),
            _ => null,
        };
        if (known is not { } curve)
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        var parameters = new ECParameters { Curve = curve.Curve };
        if (isPrivate)
        {
            if (!TryReadPrivateKey(key, curve.Oid, curve.Size, ref parameters))
            {
                return VIRTIO_CRYPTO_ERR;
            }
        }
        else
        {
            if (key.Length != 1 + 2 * curve.Size || key[0] != 0x04)
            {
                return VIRTIO_CRYPTO_ERR;
            }

            parameters.Q = new ECPoint { X = key.Slice(1, curve.Size).ToArray(), Y = key[(1 + curve.Size)..].ToArray() };
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportParameters(parameters);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
        finally
        {
            if (parameters.D is not null)
            {
                CryptographicOperations.ZeroMemory(parameters.D);
            }
        }

        akcipher = new EcdsaAkcipher(ecdsa, isPrivate);
        return VIRTIO_CRYPTO_OK;
    }

    public override VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        return VIRTIO_CRYPTO_NOTSUPP;
    }

    public override VirtioCryptoStatus Decrypt(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        return VIRTIO_CRYPTO_NOTSUPP;
    }

    public override VirtioCryptoStatus Sign(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        if (!IsPrivate || src.IsEmpty)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        lock (Sync)
        {
            try
            {
                return _ecdsa.TrySignHash(src, dst, DSASignatureFormat.Rfc3279DerSequence, out written) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_ERR;
            }
            catch (CryptographicException)
            {
                return VIRTIO_CRYPTO_ERR;
            }
        }
    }

    public override VirtioCryptoStatus Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
    {
        lock (Sync)
        {
            try
            {
                return _ecdsa.VerifyHash(data, signature, DSASignatureFormat.Rfc3279DerSequence) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_KEY_REJECTED;
            }
            catch (CryptographicException)
            {
                return VIRTIO_CRYPTO_KEY_REJECTED;
            }
        }
    }

    public override void Dispose()
    {
        lock (Sync)
        {
            _ecdsa.Dispose();
        }
    }

    /// <summary>ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }.</summary>
    private static bool TryReadPrivateKey(ReadOnlySpan<byte> der, string oid, int size, ref ECParameters parameters)
    {
        var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        if (reader.HasData || !sequence.TryReadInt32(out var version) || version != 1)
        {
            return false;
        }

        var d = sequence.ReadOctetString();
        if (d.Length != size)
        {
            CryptographicOperations.ZeroMemory(d);
            return false;
        }

        parameters.D = d;
        var context0 = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var context1 = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(context0))
        {
            var explicitParameters = sequence.ReadSequence(context0);
            if (explicitParameters.ReadObjectIdentifier() != oid || explicitParameters.HasData)
            {
                return false;
            }
        }

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(context1))
        {
            var explicitKey = sequence.ReadSequence(context1);
            var point = explicitKey.ReadBitString(out var unused);
            if (unused != 0 || point.Length != 1 + 2 * size || point[0] != 0x04 || explicitKey.HasData)
            {
                return false;
            }

            parameters.Q = new ECPoint { X = point.AsSpan(1, size).ToArray(), Y = point.AsSpan(1 + size).ToArray() };
        }

        return !sequence.HasData;
    }
}
