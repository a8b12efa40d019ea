using System.Runtime.InteropServices;

namespace Qcrypto.TestSupport;

/// <summary>
/// A real SoftHSM2 token store in a temp directory (never the system's /var/lib/softhsm): its own
/// softhsm2.conf, named by SOFTHSM2_CONF. SoftHSM2 reads that variable with getenv() in C_Initialize, so a
/// process that loads the module itself needs it in the C environment: <see cref="ForThisProcess"/> sets it
/// there (setenv) and in .NET's (for the processes the tests start), once per test process; each test
/// makes its own token in it.
/// </summary>
public sealed partial class SoftHsm : IDisposable
{
    /// <summary>Debian's softhsm2 module.</summary>
    public const string Module = "/usr/lib/softhsm/libsofthsm2.so";

    private static readonly Lazy<SoftHsm> Shared = new(() =>
    {
        var hsm = new SoftHsm();
        if (setenv("SOFTHSM2_CONF", hsm.ConfPath, 1) != 0)
        {
            throw new InvalidOperationException("setenv failed");
        }

        System.Environment.SetEnvironmentVariable("SOFTHSM2_CONF", hsm.ConfPath);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => hsm.Dispose();
        return hsm;
    });

    private readonly TempDir _dir = new("qcrypto-softhsm-");
    private readonly string _util;

    public SoftHsm()
    {
        _util = Tool.Require("softhsm2-util", "softhsm2");
        Assert.True(System.IO.File.Exists(Module), $"{Module} is missing: install the Debian package softhsm2");
        var tokens = _dir.Sub("tokens");
        ConfPath = _dir.Write("softhsm2.conf", $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    }

    /// <summary>The store shared by this test process, with SOFTHSM2_CONF set in the C and .NET environments.</summary>
    public static SoftHsm ForThisProcess => Shared.Value;

    public string ConfPath { get; }

    /// <summary>SOFTHSM2_CONF for a process started on this store.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["SOFTHSM2_CONF"] = ConfPath };

    /// <summary>Initializes a new token labelled <paramref name="label"/> with the user PIN <paramref name="pin"/>.</summary>
    public void InitToken(string label, string pin)
    {
        var r = Tool.Run(_util, ["--init-token", "--free", "--label", label, "--so-pin", "so-" + pin, "--pin", pin], environment: Environment);
        Assert.True(r.ExitCode == 0, $"softhsm2-util --init-token: {r.Stderr}{r.Stdout}");
    }

    /// <summary>A PIN file of mode 0600 in the store's directory.</summary>
    public string PinFile(string name, string pin) => _dir.Private(name, System.Text.Encoding.UTF8.GetBytes(pin));

    /// <summary>A file in the store's directory (scratch for the test).</summary>
    public string File(string name) => _dir.File(name);

    /// <summary>The CLI's key URI: the key, the module, the PIN file.</summary>
    public static string KeyUri(string token, string label, string pinFile) =>
        $"pkcs11:token={token};object={label}?module-path={Module}&pin-source=file:{pinFile}";

    public void Dispose() => _dir.Dispose();

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
