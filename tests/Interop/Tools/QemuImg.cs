namespace Qcrypto.Interop.Tests.Tools;

/// <summary>qemu-img (QEMU 7.2) driving LUKS images through <c>--object secret</c> lines.</summary>
public static class QemuImg
{
    /// <summary>
    /// QEMU's PBKDF calibration (qcrypto_pbkdf2_count_iters) fails with this when it measures 0 ms of
    /// thread CPU time for its probe run. In this VM the thread CPU clock is coarse enough for that to
    /// happen at random, independent of the secret: creation is retried on this exact message only.
    /// </summary>
    public const string CalibrationFailure = "Unable to get accurate CPU usage";

    private const int CreateAttempts = 10;

    /// <summary>
    /// <c>qemu-img create -f luks</c> with <paramref name="objects"/> passed verbatim. PBKDF time is
    /// cut to 10 ms: the tests are about the key reaching QEMU intact, not about PBKDF strength.
    /// </summary>
    public static async Task<ToolResult> CreateLuksAsync(IReadOnlyList<string> objects, string keySecretId, string image, long size)
    {
        var args = new List<string> { "create", "-q", "-f", "luks" };
        foreach (var line in objects)
        {
            args.AddRange(["--object", line]);
        }

        args.AddRange(["-o", $"key-secret={keySecretId},iter-time=10", image, size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        ToolResult result = null!;
        for (var attempt = 0; attempt < CreateAttempts; attempt++)
        {
            result = await ToolRunner.RunAsync(ExternalTool.QemuImg.Resolve(), args);
            if (result.ExitCode == 0 || !result.Stderr.Contains(CalibrationFailure, StringComparison.Ordinal))
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>Writes <paramref name="rawData"/> into the LUKS image over its whole length.</summary>
    public static Task<ToolResult> WriteAsync(IReadOnlyList<string> objects, string keySecretId, string rawData, string image)
    {
        var args = new List<string> { "convert", "-n" };
        foreach (var line in objects)
        {
            args.AddRange(["--object", line]);
        }

        args.AddRange(["-f", "raw", rawData, "--target-image-opts", LuksOpts(keySecretId, image)]);
        return ToolRunner.RunAsync(ExternalTool.QemuImg.Resolve(), args);
    }

    /// <summary>
    /// <c>qemu-img compare</c> of a raw file with the decrypted LUKS image: exit 0 "Images are
    /// identical.", 1 on different content, 2 when the image cannot be opened (wrong passphrase).
    /// </summary>
    public static Task<ToolResult> CompareAsync(IReadOnlyList<string> objects, string keySecretId, string rawData, string image)
    {
        var args = new List<string> { "compare" };
        foreach (var line in objects)
        {
            args.AddRange(["--object", line]);
        }

        args.AddRange(["--image-opts", $"driver=file,filename={Escape(rawData)}", LuksOpts(keySecretId, image)]);
        return ToolRunner.RunAsync(ExternalTool.QemuImg.Resolve(), args);
    }

    private static string LuksOpts(string keySecretId, string image) => $"driver=luks,key-secret={keySecretId},file.filename={Escape(image)}";

    private static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
