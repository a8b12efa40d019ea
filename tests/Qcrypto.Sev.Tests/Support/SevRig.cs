using Qcrypto.Objects;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Objects;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Software;

namespace Qcrypto.Sev.Tests.Support;

/// <summary>
/// A software platform of the test's own (copied from one made once per run: key generation is the
/// slow part), the guest owner's session files for it, and sev-guest objects.
/// </summary>
public sealed class SevRig : IDisposable
{
    private static readonly Lazy<string> Template = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("qcrypto-sev-template-").FullName;
        SoftwarePsp.Create(Path.Combine(dir, "platform"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return Path.Combine(dir, "platform");
    });

    private readonly List<ObjectRegistry> _registries = [];

    public SevRig()
    {
        PlatformDir = Dir.File("platform");
        CopyDirectory(Template.Value, PlatformDir);
    }

    public TempDir Dir { get; } = new();

    public string PlatformDir { get; }

    public SevCertificate Pdh => SevCertificate.Parse(File.ReadAllBytes(Path.Combine(PlatformDir, "pdh.cert")));

    public byte[] Chain => File.ReadAllBytes(Path.Combine(PlatformDir, "cert_chain.cert"));

    public SoftwarePsp Open() => SoftwarePsp.Open(PlatformDir);

    /// <summary>A session for this platform, its files written as godh.b64 and session.b64 (base64, as QEMU reads them).</summary>
    public LaunchSession Session(uint policy, string prefix = "")
    {
        var session = LaunchSession.Create(Pdh, new SevPolicy(policy));
        Dir.Write(prefix + "godh.b64", Convert.ToBase64String(session.Godh.Bytes) + "\n");
        Dir.Write(prefix + "session.b64", Convert.ToBase64String(session.Session) + "\n");
        return session;
    }

    /// <summary>The sev-guest object for the session files of <paramref name="prefix"/> (extra properties appended).</summary>
    public SevGuest Guest(uint policy, string prefix = "", string extra = "") =>
        GuestLine($"sev-guest,id=sev0,cbitpos=47,reduced-phys-bits=1,policy={policy},dh-cert-file={Dir.File(prefix + "godh.b64")},session-file={Dir.File(prefix + "session.b64")}{extra}");

    /// <summary>The object of <paramref name="line"/>, in a registry of its own (one machine, one sev-guest).</summary>
    public SevGuest GuestLine(string line)
    {
        var registry = new ObjectRegistry(new ObjectTypeCatalog().AddSecrets().AddSev());
        _registries.Add(registry);
        return (SevGuest)registry.Add(line);
    }

    public void Dispose()
    {
        _registries.ForEach(r => r.Dispose());
        Dir.Dispose();
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
