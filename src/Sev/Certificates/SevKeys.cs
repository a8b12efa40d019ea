using System.Buffers.Binary;
using System.Security.Cryptography;
using L = Qcrypto.Sev.Certificates.SevCertificateLayout;

namespace Qcrypto.Sev.Certificates;

/// <summary>
/// Keys and signatures in the SEV certificate format: P-384 coordinates and ECDSA R/S as 72-byte
/// little-endian fields (the low 48 bytes used), RSA moduli and signatures little-endian in 512-byte
/// fields, RSA signatures PSS with a salt as long as the digest. Signatures cover VERSION..PUBKEY,
/// hashed with SHA-256 or SHA-384 as the algorithm says.
/// </summary>
public static class SevKeys
{
    private const int P384Bytes = 48;

    /// <summary>The public key of an ECDSA/ECDH certificate as .NET parameters (big-endian Q).</summary>
    public static ECParameters EcPublicKey(SevCertificate certificate) => new()
    {
        Curve = ECCurve.NamedCurves.nistP384,
        Q = new ECPoint
        {
            X = Reversed(certificate.Field(L.Qx, P384Bytes)),
            Y = Reversed(certificate.Field(L.Qy, P384Bytes)),
        },
    };

    /// <summary>True if the certificate's EC key is a valid P-384 point (OpenSSL checks it on import).</summary>
    public static bool IsValidPoint(SevCertificate certificate)
    {
        try
        {
            using var key = ECDiffieHellman.Create(EcPublicKey(certificate));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Writes a P-384 public key into a PUBKEY field: CURVE = P-384, QX, QY little-endian.</summary>
    public static void WriteEcKey(Span<byte> pubkey, ECParameters key)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(pubkey, (uint)SevCurve.P384);
        WriteLittleEndian(key.Q.X!, pubkey.Slice(L.Qx - L.Pubkey, L.EcFieldLength));
        WriteLittleEndian(key.Q.Y!, pubkey.Slice(L.Qy - L.Pubkey, L.EcFieldLength));
    }

    /// <summary>Writes an RSA public key into a PUBKEY field: MODULUS_SIZE in bits, PUBEXP, MODULUS.</summary>
    public static void WriteRsaKey(Span<byte> pubkey, RSAParameters key)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(pubkey, (uint)key.Modulus!.Length * 8);
        WriteLittleEndian(key.Exponent!, pubkey.Slice(L.PubExp - L.Pubkey, L.RsaFieldLength));
        WriteLittleEndian(key.Modulus, pubkey.Slice(L.Modulus - L.Pubkey, L.RsaFieldLength));
    }

    /// <summary>Signs <paramref name="target"/> into signature slot 1 or 2 with an ECDSA key of <paramref name="signerUsage"/>.</summary>
    public static void Sign(SevCertificate target, int slot, SevKeyUsage signerUsage, ECDsa signer)
    {
        var hash = SHA256.HashData(target.SignedPart);
        var rs = signer.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Span<byte> field = stackalloc byte[2 * L.EcFieldLength];
        field.Clear();
        WriteLittleEndian(rs.AsSpan(0, P384Bytes), field[..L.EcFieldLength]);
        WriteLittleEndian(rs.AsSpan(P384Bytes), field[L.EcFieldLength..]);
        target.SetSignature(slot, signerUsage, SevAlgorithm.EcdsaSha256, field);
    }

    /// <summary>Signs <paramref name="target"/> into slot 1 or 2 with an RSA key (RSA-PSS, SHA-256).</summary>
    public static void Sign(SevCertificate target, int slot, SevKeyUsage signerUsage, RSA signer)
    {
        var signature = signer.SignData(target.SignedPart.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        Span<byte> field = stackalloc byte[L.RsaFieldLength];
        field.Clear();
        WriteLittleEndian(signature, field);
        target.SetSignature(slot, signerUsage, SevAlgorithm.RsaSha256, field);
    }

    /// <summary>
    /// True if a signature slot of <paramref name="target"/> carries <paramref name="signer"/>'s usage
    /// and verifies with its key (an ECDSA P-384 certificate: OCA, PEK, CEK, or a self-signed GODH).
    /// </summary>
    public static bool Verify(SevCertificate target, SevCertificate signer) => Verify(target, signer.Usage, EcPublicKey(signer));

    /// <summary>True if a slot of <paramref name="target"/> signed by <paramref name="usage"/> verifies with <paramref name="key"/>.</summary>
    public static bool Verify(SevCertificate target, SevKeyUsage usage, ECParameters key)
    {
        foreach (var signature in new[] { target.Signature1, target.Signature2 })
        {
            if (!signature.IsEmpty && signature.Usage == usage && VerifyEc(target, signature, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True if a slot of <paramref name="target"/> signed by <paramref name="usage"/> verifies with an RSA key.</summary>
    public static bool Verify(SevCertificate target, SevKeyUsage usage, RSA key)
    {
        foreach (var s in new[] { target.Signature1, target.Signature2 })
        {
            if (!s.IsEmpty && s.Usage == usage && s.Algorithm is SevAlgorithm.RsaSha256 or SevAlgorithm.RsaSha384)
            {
                var hash = s.Algorithm == SevAlgorithm.RsaSha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                var length = key.KeySize / 8;
                var signature = Reversed(s.Bytes[..length]);
                if (s.Bytes[length..].IndexOfAnyExcept((byte)0) < 0 && key.VerifyData(target.SignedPart.ToArray(), signature, hash, RSASignaturePadding.Pss))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool VerifyEc(SevCertificate target, SevSignature signature, ECParameters key)
    {
        if (signature.Algorithm is not (SevAlgorithm.EcdsaSha256 or SevAlgorithm.EcdsaSha384))
        {
            return false;
        }

        var bytes = signature.Bytes;
        var r = bytes[..L.EcFieldLength];
        var s = bytes.Slice(L.EcFieldLength, L.EcFieldLength);
        if (r[P384Bytes..].IndexOfAnyExcept((byte)0) >= 0 || s[P384Bytes..].IndexOfAnyExcept((byte)0) >= 0)
        {
            return false;
        }

        var rs = new byte[2 * P384Bytes];
        WriteBigEndian(r[..P384Bytes], rs.AsSpan(0, P384Bytes));
        WriteBigEndian(s[..P384Bytes], rs.AsSpan(P384Bytes));
        var hash = signature.Algorithm == SevAlgorithm.EcdsaSha256 ? SHA256.HashData(target.SignedPart) : SHA384.HashData(target.SignedPart);
        try
        {
            using var ecdsa = ECDsa.Create(key);
            return ecdsa.VerifyHash(hash, rs, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>A big-endian number written little-endian into a (wider, zero-filled) field.</summary>
    private static void WriteLittleEndian(ReadOnlySpan<byte> bigEndian, Span<byte> field)
    {
        field.Clear();
        for (var i = 0; i < bigEndian.Length; i++)
        {
            field[i] = bigEndian[bigEndian.Length - 1 - i];
        }
    }

    private static void WriteBigEndian(ReadOnlySpan<byte> littleEndian, Span<byte> output)
    {
        for (var i = 0; i < littleEndian.Length; i++)
        {
            output[i] = littleEndian[littleEndian.Length - 1 - i];
        }
    }

    private static byte[] Reversed(ReadOnlySpan<byte> littleEndian)
    {
        var result = littleEndian.ToArray();
        Array.Reverse(result);
        return result;
    }
}
