using System.Globalization;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>
/// A "user" key in the caller's user keyring (@u), added with keyctl and unlinked again on dispose,
/// so a test leaves no key material in the kernel.
/// </summary>
public sealed class KernelKey : IAsyncDisposable
{
    private KernelKey(int serial) => Serial = serial;

    public int Serial { get; }

    /// <summary><c>keyctl padd user NAME @u</c> with <paramref name="payload"/> on stdin.</summary>
    public static async Task<KernelKey> AddAsync(byte[] payload)
    {
        var name = $"qcrypto-test-{Guid.NewGuid():N}";
        var result = (await ToolRunner.RunAsync(ExternalTool.Keyctl.Resolve(), ["padd", "user", name, "@u"], payload)).EnsureSuccess();
        return new KernelKey(int.Parse(result.StdoutText.Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary><c>keyctl revoke</c>: reading the key fails with EKEYREVOKED from now on.</summary>
    public async Task RevokeAsync() =>
        (await ToolRunner.RunAsync(ExternalTool.Keyctl.Resolve(), ["revoke", Serial.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess();

    public async ValueTask DisposeAsync() =>
        await ToolRunner.RunAsync(ExternalTool.Keyctl.Resolve(), ["unlink", Serial.ToString(CultureInfo.InvariantCulture), "@u"]);
}
