using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Size arithmetic against QEMU 7.2 itself (item 7): QEMU creates a memory-backend-ram of each size and
/// reports the size it parsed over QMP (qom-get); ours must be the same number, or both refuse.
/// </summary>
[Collection(QemuOracleCollection.Name)]
public sealed class QemuSizeValueTests(ITestOutputHelper output)
{
    private static readonly string[] Sizes =
    [
        "0.9999999999999999999k", "1.9999999999999999999k", "0.99999999999999994k", "0.99999999999999995k", "0.5k", "0.5000000000000001k", "1.5k",
        "1.25M", "0.001k", "0.0009765625k", "0.00048828125k", "0.000488281249k", "0.0004882812500000001k", "3.14159k", "2.000000000000000000001M",
        "1.k", "1.K", " 1k", "\t2M", "+1k", "+0x10", "0x10", "0X1F", "0x10k", "0x10M", "0xfffK", "1b", "1B", "1024", "1.1e-400k", "1.5e999k",
        "1.5e999kB", "1.5e999kk", "1." + new string('0', 400) + "1k", "5.", "4.5G", "1.0009765625k", "0.333333333333333333k", "1.4999999999999999999k",
        "00010k", "0.9999999999999999999M", "1.9999999999999999999G", "7.9999999999999999999M", "0.75k", "0.1M", "0.2M", "0.3M", "0.7G",
        "0x0000000000000000000010", "123.456789M", "1.00000000000000000000000000001k",
    ];

    [Fact]
    public async Task SizeValuesAgreeWithQemu()
    {
        var qemu = OracleTools.Find(OracleQemu.Program)
            ?? throw new InvalidOperationException("qemu-system-x86_64 is not installed: install it (apt-get install qemu-system-x86) to run the QEMU oracle");
        var disagreements = new List<string>();
        var compared = 0;
        var values = 0;
        foreach (var size in Sizes)
        {
            var theirs = await QemuSizeAsync(qemu, size, TestContext.Current.CancellationToken);
            ulong? ours = SizeParser.TryParse(size, out var value) ? value : null;
            if (ours == 0)
            {
                // QEMU refuses a zero size ("doesn't take value '0'"): no value to read back.
                ours = null;
            }

            compared++;
            values += theirs is null ? 0 : 1;
            if (theirs != ours)
            {
                disagreements.Add($"size={size}: qemu {theirs?.ToString(CultureInfo.InvariantCulture) ?? "refused"}, ours {ours?.ToString(CultureInfo.InvariantCulture) ?? "refused"}");
            }
        }

        output.WriteLine($"{compared} sizes compared ({values} values read back from QEMU), {disagreements.Count} disagree");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.True(values >= 40, $"QEMU reported only {values} sizes: the QMP read-back is broken");
    }

    /// <summary>The size QEMU parsed, or null when it refused the line.</summary>
    private static async Task<ulong?> QemuSizeAsync(string qemu, string size, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-machine", "none", "-nodefaults", "-display", "none", "-S", "-qmp", "stdio",
                     "-object", $"memory-backend-ram,id=m,reserve=off,size={size.Replace(",", ",,", StringComparison.Ordinal)}"])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync("""
            {"execute":"qmp_capabilities"}
            {"execute":"qom-get","arguments":{"path":"/objects/m","property":"size"}}
            {"execute":"quit"}

            """.AsMemory(), cancel);
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync(cancel);
        _ = await process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("return", out var r) && r.ValueKind == JsonValueKind.Number)
            {
                return r.GetUInt64();
            }
        }

        return null;
    }
}
