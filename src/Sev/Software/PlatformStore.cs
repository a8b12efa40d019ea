using System.Security.Cryptography;
using Qcrypto.Keys;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Files;

namespace Qcrypto.Sev.Software;

/// <summary>
/// The files of a software platform directory: platform.json (API version, build, C-bit, limits,
/// CPU id), the private keys (oca.key, cek.key, pek.key, pdh.key, ask.key: PKCS#8, mode 0600), the
/// certificates under sev-tool's names (pdh.cert, pek.cert, oca.cert, cek.cert, and cert_chain.cert
/// = PEK ‖ OCA ‖ CEK), and guests/ with one directory per guest context.
/// </summary>
internal static class PlatformStore
{
    public const string ConfigFile = "platform.json";
    public const string GuestsDirectory = "guests";
    public const string LockFile = ".lock";
    public const string Format = "qcrypto-software-psp";

    private static readonly string[] KeyNames = ["oca", "cek", "pek", "pdh", "ask"];

    /// <summary>Makes a new platform in <paramref name="directory"/> (which must not hold one); returns the files written.</summary>
    public static IReadOnlyList<string> Create(string directory, SoftwarePspOptions options)
    {
        if (SevFiles.Exists(Path.Combine(directory, ConfigFile)))
        {
            throw new SevException(SevErrorCodes.Platform, $"{directory} already holds a software SEV platform",
                hint: "use it as it is, or choose another directory (its guests live in it)");
        }

        SevFiles.EnsureDirectory(directory, SevFiles.PrivateDirectoryMode);
        using var identity = PlatformIdentity.Generate(options.ApiMajor, options.ApiMinor);
        var cpuId = RandomNumberGenerator.GetBytes(Firmware.SevSizes.Id);
        var files = new AtomicFileSet();
        var keys = new List<SecretBuffer>();
        try
        {
            AsymmetricAlgorithm[] algorithms = [identity.Oca, identity.Cek, identity.Pek, identity.Pdh, identity.Ask];
            for (var i = 0; i < KeyNames.Length; i++)
            {
                var der = algorithms[i].ExportPkcs8PrivateKey();
                keys.Add(SecretBuffer.CopyOf(der));
                CryptographicOperations.ZeroMemory(der);
                files.AddPrivate(Path.Combine(directory, KeyNames[i] + ".key"), keys[^1]);
            }

            files.Add(Path.Combine(directory, "pdh.cert"), identity.PdhCertificate.ToArray(), SevFiles.PublicMode)
                .Add(Path.Combine(directory, "pek.cert"), identity.PekCertificate.ToArray(), SevFiles.PublicMode)
                .Add(Path.Combine(directory, "oca.cert"), identity.OcaCertificate.ToArray(), SevFiles.PublicMode)
                .Add(Path.Combine(directory, "cek.cert"), identity.CekCertificate.ToArray(), SevFiles.PublicMode)
                .Add(Path.Combine(directory, "cert_chain.cert"), identity.Chain.ToArray(), SevFiles.PublicMode)
                .Add(Path.Combine(directory, ConfigFile), StateJson.Write(w =>
                {
                    w.WriteString("format", Format);
                    w.WriteNumber("version", 1);
                    w.WriteNumber("api-major", options.ApiMajor);
                    w.WriteNumber("api-minor", options.ApiMinor);
                    w.WriteNumber("build", options.Build);
                    w.WriteNumber("cbitpos", options.CbitPosition);
                    w.WriteNumber("max-guests", options.MaxGuests);
                    w.WriteBase64String("cpu0-id", cpuId);
                }), SevFiles.PublicMode);
            files.Commit();
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }

        SevFiles.EnsureDirectory(Path.Combine(directory, GuestsDirectory), SevFiles.PrivateDirectoryMode);
        return files.Paths;
    }

    /// <summary>The platform's settings and keys; private key files others can read are refused unless allowed.</summary>
    public static (SoftwarePspOptions Options, byte[] CpuId, PlatformIdentity Identity) Load(string directory, bool allowWorldReadable)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        if (!SevFiles.Exists(configPath))
        {
            throw new SevException(SevErrorCodes.Platform, $"{directory} is not a software SEV platform (no {ConfigFile})",
                hint: "make one with 'sev platform init'");
        }

        var (options, cpuId) = StateJson.Read(SevFiles.ReadPublic(configPath, "platform state"), configPath, root =>
        {
            if (root.Str("format") != Format || root.UInt("version") != 1)
            {
                throw new FormatException("format");
            }

            return (new SoftwarePspOptions
            {
                ApiMajor = root.Byte("api-major"),
                ApiMinor = root.Byte("api-minor"),
                Build = root.Byte("build"),
                CbitPosition = root.UInt("cbitpos"),
                MaxGuests = root.UInt("max-guests"),
            }, root.OptionalBase64("cpu0-id") ?? throw new FormatException("cpu0-id"));
        });

        var buffers = new List<SecretBuffer>();
        try
        {
            foreach (var name in KeyNames)
            {
                buffers.Add(SevFiles.ReadPrivate(Path.Combine(directory, name + ".key"), "platform key", allowWorldReadable));
            }

            var certificates = new[] { "oca", "cek", "pek", "pdh" }.Select(n => ReadCertificate(directory, n)).ToArray();
            PlatformIdentity identity;
            try
            {
                identity = PlatformIdentity.Load(buffers[0].Span, buffers[1].Span, buffers[2].Span, buffers[3].Span, buffers[4].Span,
                    certificates[0], certificates[1], certificates[2], certificates[3]);
            }
            catch (CryptographicException e)
            {
                throw new SevException(SevErrorCodes.Platform, $"the private keys in {directory} are damaged", inner: e);
            }

            if (!identity.PdhMatchesCertificate())
            {
                identity.Dispose();
                throw new SevException(SevErrorCodes.Platform, $"{Path.Combine(directory, "pdh.cert")} does not hold the platform's PDH key");
            }

            return (options, cpuId, identity);
        }
        finally
        {
            buffers.ForEach(b => b.Dispose());
        }
    }

    private static SevCertificate ReadCertificate(string directory, string name)
    {
        var path = Path.Combine(directory, name + ".cert");
        try
        {
            return SevCertificate.Parse(SevFiles.ReadPublic(path, "platform certificate"));
        }
        catch (SevException e) when (e.Code == SevErrorCodes.Certificate)
        {
            throw new SevException(SevErrorCodes.Platform, $"{path}: {e.QemuMessage}");
        }
    }
}
