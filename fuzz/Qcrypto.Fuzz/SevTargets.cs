using System.Buffers.Binary;
using System.Security.Cryptography;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Ovmf;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Software;

namespace Qcrypto.Fuzz;

/// <summary>
/// The SEV parsers under fuzzing. <see cref="Certificates"/>: byte 0 picks the SEV certificate (as
/// given, or zero-padded to 2084 bytes), the certificate chain with a PDH, or OVMF's GUID table; the
/// rest is the input. <see cref="Session"/>: the firmware's LAUNCH_START key exchange against a fixed
/// PDH key: bytes 0-3 the policy, byte 4 picks zero-padding to the right sizes (even) or exact lengths
/// (odd: the certificate is (byte 4 >> 1) × 32 + 4 bytes), then the owner's certificate and the
/// session buffer. Refusals are <see cref="SevException"/>s or
/// firmware statuses; any other exception escaping is a crash.
/// </summary>
public static class SevTargets
{
    private static readonly ECDiffieHellman Pdh = FixedPdh();

    public static void Certificates(byte[] input)
    {
        if (input.Length < 1)
        {
            return;
        }

        var rest = input.AsSpan(1);
        try
        {
            switch (input[0] % 4)
            {
                case 0:
                    Certificate(rest);
                    break;
                case 1:
                    Certificate(Padded(rest, SevSizes.Certificate));
                    break;
                case 2:
                    var bytes = Padded(rest, SevSizes.Certificate + SevSizes.CertificateChain);
                    var pdh = SevCertificate.Parse(bytes.AsSpan(0, SevSizes.Certificate));
                    SevCertificateChain.Parse(bytes.AsSpan(SevSizes.Certificate)).VerifyPdh(pdh);
                    break;
                default:
                    Table(rest);
                    break;
            }
        }
        catch (SevException)
        {
            // A refusal, in words.
        }
    }

    public static void Session(byte[] input)
    {
        if (input.Length < 5)
        {
            return;
        }

        var policy = new SevPolicy(BinaryPrimitives.ReadUInt32LittleEndian(input));
        var body = input.AsSpan(5);
        ReadOnlySpan<byte> godh, session;
        if (input[4] % 2 == 0)
        {
            var padded = Padded(body, SevSizes.Certificate + SevSizes.Session);
            godh = padded.AsSpan(0, SevSizes.Certificate);
            session = padded.AsSpan(SevSizes.Certificate);
        }
        else
        {
            var split = Math.Min(body.Length, ((input[4] >> 1) * 32) + 4);
            godh = body[..split];
            session = body[split..];
        }

        var status = SessionUnwrap.Unwrap(Pdh, policy, godh, session, out var keys);
        if ((status == SevStatus.Success) != (keys is not null))
        {
            throw new InvalidOperationException($"status {status} with keys {keys is not null}");
        }

        keys?.Dispose();
    }

    /// <summary>Seeds that reach deep: a real PDH, a chain, an OVMF table, and a session that unwraps.</summary>
    public static void MakeSeeds(string certificates, string sessions)
    {
        Directory.CreateDirectory(certificates);
        Directory.CreateDirectory(sessions);
        var pdh = LaunchSession.GodhCertificate(Pdh);
        using var session = LaunchSession.Create(pdh, new SevPolicy(1));
        File.WriteAllBytes(Path.Combine(certificates, "godh"), [0, .. session.Godh.Bytes]);
        File.WriteAllBytes(Path.Combine(certificates, "pdh-padded"), [1, .. pdh.Bytes[..0x414]]);
        File.WriteAllBytes(Path.Combine(certificates, "chain"), [2, .. pdh.Bytes, .. session.Godh.Bytes, .. session.Godh.Bytes, .. session.Godh.Bytes]);
        File.WriteAllBytes(Path.Combine(certificates, "table"), [3, .. Convert.FromHexString("00000000000010000000de71f7007e1acb4f890e68c77e2fb44e1a00")]);
        File.WriteAllBytes(Path.Combine(sessions, "good"), [1, 0, 0, 0, 0, .. session.Godh.Bytes, .. session.Session]);
        File.WriteAllBytes(Path.Combine(sessions, "exact"), [1, 0, 0, 0, 131, .. session.Godh.Bytes, .. session.Session]);
    }

    private static void Certificate(ReadOnlySpan<byte> bytes)
    {
        var certificate = SevCertificate.Parse(bytes);
        foreach (var usage in Enum.GetValues<SevKeyUsage>())
        {
            _ = certificate.Problem(usage);
        }

        if (certificate.IsEc && SevKeys.IsValidPoint(certificate))
        {
            _ = SevKeys.Verify(certificate, certificate);
        }

        _ = (certificate.Signature1.IsEmpty, certificate.Signature2.IsEmpty, certificate.ApiMajor, certificate.Curve);
    }

    private static void Table(ReadOnlySpan<byte> entries)
    {
        // The fuzzer writes the table's end: entries then its u16 length; the footer GUID and the 32 bytes after it are added.
        var image = new byte[4096 + entries.Length + 16 + 32];
        entries.CopyTo(image.AsSpan(4096));
        OvmfGuids.TableFooter.TryWriteBytes(image.AsSpan(image.Length - 48));
        var table = OvmfGuidTable.Parse(image);
        foreach (var guid in new[] { OvmfGuids.SevSecret, OvmfGuids.SevHashTable, OvmfGuids.SevInfoBlock, Guid.Empty })
        {
            _ = table.TryFindArea(guid, out _, out _);
        }

        _ = table.Entries.Count;
    }

    private static byte[] Padded(ReadOnlySpan<byte> input, int length)
    {
        var bytes = new byte[length];
        input[..Math.Min(length, input.Length)].CopyTo(bytes);
        return bytes;
    }

    /// <summary>A fixed P-384 key (d = 7), so that a finding replays the same way.</summary>
    private static ECDiffieHellman FixedPdh()
    {
        var d = new byte[48];
        d[47] = 7;
        return ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP384, D = d });
    }
}
