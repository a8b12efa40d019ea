using System.Security.Cryptography;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Crypto;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Owner;

/// <summary>
/// The guest owner's half of LAUNCH_START (sev-tool's generate_launch_blob, sevctl session): an
/// ephemeral ECDH P-384 key and its certificate (GODH, QEMU's dh-cert-file), the 128-byte session
/// buffer (QEMU's session-file) wrapping fresh TEK and TIK for the platform whose PDH is given, and
/// the keys themselves, which the owner keeps to check the measurement and to encrypt secrets.
/// </summary>
public sealed class LaunchSession : IDisposable
{
    private LaunchSession(SevCertificate godh, byte[] session, SevPolicy policy, TransportKeys keys)
    {
        Godh = godh;
        Session = session;
        Policy = policy;
        Keys = keys;
    }

    /// <summary>The guest owner's DH certificate (godh.cert; base64 of it is dh-cert-file).</summary>
    public SevCertificate Godh { get; }

    /// <summary>SEV_SESSION_BUF (launch_blob.bin; base64 of it is session-file). Holds the keys only wrapped.</summary>
    public byte[] Session { get; }

    public SevPolicy Policy { get; }

    /// <summary>TEK ‖ TIK (tmp_tk.bin): key material, zeroed when the session is disposed.</summary>
    public TransportKeys Keys { get; }

    /// <summary>A session for the platform owning <paramref name="pdh"/>, with fresh keys, nonce and IV.</summary>
    public static LaunchSession Create(SevCertificate pdh, SevPolicy policy)
    {
        if (pdh.Problem(SevKeyUsage.Pdh) is { } problem)
        {
            throw new SevException(SevErrorCodes.Certificate, $"the PDH certificate is unusable: {problem}",
                hint: "give the platform's pdh.cert (or query-sev-capabilities' pdh)");
        }

        using var godhKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        Span<byte> nonce = stackalloc byte[16];
        Span<byte> iv = stackalloc byte[AesCtr.IvLength];
        RandomNumberGenerator.Fill(nonce);
        RandomNumberGenerator.Fill(iv);
        var keys = TransportKeys.Generate();
        try
        {
            var godh = GodhCertificate(godhKey);
            var session = BuildSession(godhKey, pdh, policy, nonce, iv, keys);
            return new LaunchSession(godh, session, policy, keys);
        }
        catch
        {
            keys.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The guest owner's certificate as sev-tool makes it: version 1, API 0.0, usage PDH, ECDH-SHA256
    /// on P-384, signature 1 by its own key (labelled PEK, as sev-tool does), signature 2 empty.
    /// </summary>
    public static SevCertificate GodhCertificate(ECDiffieHellman key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        try
        {
            var certificate = SevCertificate.Create(SevKeyUsage.Pdh, SevAlgorithm.EcdhSha256, 0, 0, span => SevKeys.WriteEcKey(span, parameters));
            using var signer = ECDsa.Create(parameters);
            SevKeys.Sign(certificate, 1, SevKeyUsage.Pek, signer);
            return certificate;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>SEV_SESSION_BUF for given inputs (deterministic: the tests' known answers use it).</summary>
    public static byte[] BuildSession(ECDiffieHellman godhKey, SevCertificate pdh, SevPolicy policy, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> iv, TransportKeys keys)
    {
        using var platformKey = ECDiffieHellman.Create(SevKeys.EcPublicKey(pdh));
        var shared = godhKey.DeriveRawSecretAgreement(platformKey.PublicKey);
        try
        {
            return BuildSession(shared, policy, nonce, iv, keys);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>SEV_SESSION_BUF from the ECDH shared secret Z (the published vectors give Z directly).</summary>
    public static byte[] BuildSession(ReadOnlySpan<byte> sharedSecret, SevPolicy policy, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> iv, TransportKeys keys)
    {
        var session = new byte[SevSizes.Session];
        Span<byte> kek = stackalloc byte[16];
        Span<byte> kik = stackalloc byte[16];
        try
        {
            SevFormulas.DeriveSessionKeys(sharedSecret, nonce, kek, kik);
            nonce.CopyTo(session.AsSpan(SessionLayout.Nonce, 16));
            iv.CopyTo(session.AsSpan(SessionLayout.WrapIv, 16));
            var wrapped = session.AsSpan(SessionLayout.WrapTk, 32);
            AesCtr.Transform(kek, iv, keys.Both, wrapped);
            SevFormulas.WrapMac(kik, wrapped, session.AsSpan(SessionLayout.WrapMac, 32));
            SevFormulas.PolicyMac(keys.Tik, policy, session.AsSpan(SessionLayout.PolicyMac, 32));
            return session;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
            CryptographicOperations.ZeroMemory(kik);
        }
    }

    public void Dispose() => Keys.Dispose();
}
