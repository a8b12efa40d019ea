using System.Security.Cryptography;
using Qcrypto.Primitives;
using Qcrypto.Keys;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Crypto;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Software;

/// <summary>
/// The firmware's side of LAUNCH_START's key exchange: the guest owner's DH certificate checked, the
/// shared secret with the platform's PDH key, KEK and KIK derived from it, WRAP_MAC checked, the TEK
/// and TIK unwrapped, POLICY_MAC checked against the policy LAUNCH_START was given.
/// </summary>
public static class SessionUnwrap
{
    /// <summary>
    /// The owner's TEK and TIK from the DH certificate and the session buffer (both given or neither:
    /// without them the firmware makes its own keys and nobody can attest the guest), or the status
    /// the firmware refuses them with: INVALID_LEN, INVALID_CERTIFICATE, BAD_SIGNATURE, BAD_MEASUREMENT.
    /// </summary>
    public static SevStatus Unwrap(ECDiffieHellman pdh, SevPolicy policy, ReadOnlySpan<byte> dhCertificate, ReadOnlySpan<byte> session, out SecretBuffer? keys)
    {
        keys = null;
        if (dhCertificate.IsEmpty && session.IsEmpty)
        {
            keys = SecretBuffer.Allocate(2 * SevSizes.TransportKey);
            RandomNumberGenerator.Fill(keys.WritableSpan);
            return SevStatus.Success;
        }

        if (dhCertificate.IsEmpty)
        {
            return SevStatus.InvalidCertificate;
        }

        if (dhCertificate.Length != SevSizes.Certificate || session.Length != SevSizes.Session)
        {
            return SevStatus.InvalidLength;
        }

        var godh = SevCertificate.Parse(dhCertificate);
        if (godh.Problem(SevKeyUsage.Pdh) is not null)
        {
            return SevStatus.InvalidCertificate;
        }

        // The owner's certificate may be unsigned (virtee/sevctl) or self-signed (sev-tool); a signature that is there must verify.
        foreach (var signature in new[] { godh.Signature1, godh.Signature2 })
        {
            if (!signature.IsEmpty && !SevKeys.Verify(godh, signature.Usage, SevKeys.EcPublicKey(godh)))
            {
                return SevStatus.BadSignature;
            }
        }

        byte[] shared;
        using (var owner = ECDiffieHellman.Create(SevKeys.EcPublicKey(godh)))
        {
            shared = pdh.DeriveRawSecretAgreement(owner.PublicKey);
        }

        Span<byte> kek = stackalloc byte[16];
        Span<byte> kik = stackalloc byte[16];
        Span<byte> mac = stackalloc byte[SevFormulas.MacLength];
        var unwrapped = SecretBuffer.Allocate(2 * SevSizes.TransportKey);
        try
        {
            SevFormulas.DeriveSessionKeys(shared, session.Slice(SessionLayout.Nonce, 16), kek, kik);
            var wrapped = session.Slice(SessionLayout.WrapTk, 32);
            SevFormulas.WrapMac(kik, wrapped, mac);
            if (!ConstantTime.Equals(mac, session.Slice(SessionLayout.WrapMac, 32)))
            {
                return SevStatus.BadMeasurement;
            }

            AesCtr.Transform(kek, session.Slice(SessionLayout.WrapIv, 16), wrapped, unwrapped.WritableSpan);
            SevFormulas.PolicyMac(unwrapped.Span[SevSizes.TransportKey..], policy, mac);
            if (!ConstantTime.Equals(mac, session.Slice(SessionLayout.PolicyMac, 32)))
            {
                return SevStatus.BadMeasurement;
            }

            keys = unwrapped;
            unwrapped = null;
            return SevStatus.Success;
        }
        finally
        {
            unwrapped?.Dispose();
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(kek);
            CryptographicOperations.ZeroMemory(kik);
        }
    }
}
