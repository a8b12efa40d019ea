namespace Qcrypto.Interop.Tests.Tools;

/// <summary>
/// The real <c>qcrypto</c> command, run as a separate process: the build next to this test assembly
/// through the dotnet host, or the executable named by QCRYPTO_CLI (e.g. a NativeAOT publish).
/// </summary>
public static class QcryptoCli
{
    public static async Task<ToolResult> RunAsync(IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null)
    {
        var native = Environment.GetEnvironmentVariable("QCRYPTO_CLI");
        ToolResult result;
        if (!string.IsNullOrEmpty(native))
        {
            result = await ToolRunner.RunAsync(native, arguments, stdin, workingDirectory ?? Path.GetTempPath());
        }
        else
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "qcrypto.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: the test project must reference src/Cli");
            result = await ToolRunner.RunAsync(DotnetHost(), arguments.Prepend(dll), stdin, workingDirectory ?? Path.GetTempPath());
        }

        // Every output of the CLI in this suite: no .NET runtime text may reach a user.
        Qcrypto.TestSupport.RuntimeTextGuard.AssertClean(arguments, result.StdoutText, result.Stderr);
        return result;
    }

    /// <summary>
    /// <c>secret encrypt</c> of <paramref name="plaintextFile"/> (or stdin when null); returns the
    /// printed lines (the master line first when <paramref name="withMaster"/>).
    /// </summary>
    public static async Task<string[]> EncryptAsync(string keyFile, string keyId, string id, string? plaintextFile, byte[]? stdin = null,
        bool withMaster = false, string? outFile = null)
    {
        var args = new List<string> { "secret", "encrypt", "--key-file", keyFile, "--key-id", keyId, "--id", id, "--in", plaintextFile ?? "-" };
        if (withMaster)
        {
            args.Add("--with-master");
        }

        if (outFile is not null)
        {
            args.AddRange(["--out", outFile]);
        }

        var result = (await RunAsync(args, stdin)).EnsureSuccess();
        return result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary><c>secret new-key</c>: a fresh master key file (base64 of 32 bytes); returns the raw key.</summary>
    public static async Task<byte[]> NewKeyAsync(string path)
    {
        (await RunAsync(["secret", "new-key", "--out", path])).EnsureSuccess();
        return Convert.FromBase64String(File.ReadAllText(path).TrimEnd('\n'));
    }

    /// <summary><c>secret decrypt</c> of <paramref name="id"/> from <paramref name="objects"/>.</summary>
    public static Task<ToolResult> DecryptAsync(string id, params IEnumerable<string> objects)
    {
        var args = new List<string> { "secret", "decrypt", "--id", id };
        foreach (var line in objects)
        {
            args.AddRange(["--object", line]);
        }

        return RunAsync(args);
    }

    private static string DotnetHost()
    {
        // 'dotnet test' says which host it runs under; the same host runs the CLI.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        return new ExternalTool("dotnet", "dotnet-sdk-10.0").Resolve();
    }
}
