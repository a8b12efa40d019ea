using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Objects;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// The sev-guest object: QEMU 7.2's property types and messages (creation checks nothing more, as
/// in QEMU, where sev_kvm_init checks when a machine uses the object), its schema registered over
/// the seed catalog, and our warnings about dh-cert-file and session-file contents.
/// </summary>
public sealed class SevGuestObjectTests
{
    private static ObjectTypeCatalog Catalog => new ObjectTypeCatalog().AddSecrets().AddSev();

    [Theory]
    [InlineData("sev-guest,id=v0", "Parameter 'reduced-phys-bits' is missing")]
    [InlineData("sev-guest,id=v0,reduced-phys-bits=x,policy=x", "Parameter 'policy' expects a uint64 value")]
    [InlineData("sev-guest,id=v0,policy=-1,reduced-phys-bits=1", "Parameter 'policy' expects a uint64 value")]
    [InlineData("sev-guest,id=v0,reduced-phys-bits=1,policy=4294967296", "Parameter 'policy' expects uint32_t")]
    [InlineData("sev-guest,id=v0,reduced-phys-bits=1,kernel-hashes=maybe", "Parameter 'kernel-hashes' expects 'on' or 'off'")]
    [InlineData("sev-guest,id=v0,reduced-phys-bits=1,certfile=x", "Invalid parameter 'certfile'")]
    public void OptionErrors(string line, string message)
    {
        var e = Assert.ThrowsAny<QcryptoException>(() =>
        {
            using var registry = new ObjectRegistry(Catalog);
            registry.Add(line);
        });
        Assert.Equal(message, e.QemuMessage);
    }

    [Theory]
    [InlineData("sev-guest,id=v0,reduced-phys-bits=0")]
    [InlineData("sev-guest,id=v0,reduced-phys-bits=1,cbitpos=47,policy=0x5,handle=0,kernel-hashes=on,sev-device=/dev/nope")]
    public void CreationChecksNothingMore(string line)
    {
        using var registry = new ObjectRegistry(Catalog);
        var guest = (SevGuest)registry.Add(line);
        Assert.True(guest.IsCompleted);
        Assert.Empty(guest.Warnings);
        Assert.False(guest.Type.IsSchemaOnly);
    }

    [Fact]
    public void TypedValuesAndDefaults()
    {
        using var registry = new ObjectRegistry(Catalog);
        var plain = (SevGuest)registry.Add("sev-guest,id=a,reduced-phys-bits=1");
        Assert.Equal(("/dev/sev", 0x1u, 0u, 0u, false), (plain.SevDevice, plain.Policy.Value, plain.Handle, plain.CbitPosition, plain.KernelHashes));
        var full = (SevGuest)registry.Add("sev-guest,id=b,reduced-phys-bits=1,cbitpos=51,policy=0x33,handle=7,kernel-hashes=on,sev-device=/dev/x");
        Assert.Equal(("/dev/x", 0x33u, 7u, 51u, true), (full.SevDevice, full.Policy.Value, full.Handle, full.CbitPosition, full.KernelHashes));
    }

    [Fact]
    public void RegisteredOverTheSchemaOnlyEntryAndGoneFromTheSeed()
    {
        Assert.DoesNotContain(Qcrypto.Objects.Schema.SeedSchemas.All, s => s.Name == "sev-guest");
        Assert.Null(new ObjectTypeCatalog().AddSecrets().Find("sev-guest"));
        Assert.Same(SevGuest.Definition, Catalog.Find("sev-guest"));
        Assert.Equal(["sev-device", "dh-cert-file", "session-file", "policy", "handle", "cbitpos", "reduced-phys-bits", "kernel-hashes"],
            SevGuest.Definition.Schema.Properties.Select(p => p.Name));
    }

    [Fact]
    public void WarnsAboutFilesTheFirmwareRefuses()
    {
        using var dir = new TempDir();
        var cert = new byte[SevSizes.Certificate];
        var session = new byte[SevSizes.Session];
        var raw = dir.Write("godh.cert", cert);
        var good = dir.Write("godh.b64", Convert.ToBase64String(cert) + "\n");
        var swapped = dir.Write("session-as-cert.b64", Convert.ToBase64String(session));
        var sessionFile = dir.Write("session.b64", Convert.ToBase64String(session));
        var shortSession = dir.Write("short.b64", Convert.ToBase64String(session[..100]));

        Assert.Empty(Warnings($"dh-cert-file={good},session-file={sessionFile}"));
        Assert.Equal(["sev-dh-cert-file-size"], Warnings($"dh-cert-file={raw},session-file={sessionFile}").Select(w => w.Code));
        Assert.Contains("base64 -w0", Warnings($"dh-cert-file={raw},session-file={sessionFile}")[0].Hint);
        Assert.Contains("swapped", Warnings($"dh-cert-file={swapped},session-file={good}")[0].Hint);
        Assert.Contains("decodes to 100 bytes, not the 128", Warnings($"dh-cert-file={good},session-file={shortSession}")[0].Message);
        Assert.Equal(["sev-session-pair"], Warnings($"dh-cert-file={good}").Select(w => w.Code));
        var missing = Warnings($"dh-cert-file={dir.File("nope.b64")},session-file={sessionFile}");
        Assert.Equal("sev-file-unreadable", missing[0].Code);
        Assert.StartsWith($"SEV: Failed to read '{dir.File("nope.b64")}' (Failed to open file “{dir.File("nope.b64")}”: No such file or directory)", missing[0].Message);

        IReadOnlyList<ObjectWarning> Warnings(string properties)
        {
            using var registry = new ObjectRegistry(Catalog);
            return registry.Add($"sev-guest,id=v0,reduced-phys-bits=1,{properties}").Warnings;
        }
    }
}
