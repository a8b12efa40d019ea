using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Qcrypto.Sev.Tests.Support;

/// <summary>
/// Runs sev_reference.py, an independent implementation of the SEV formulas on python3-cryptography
/// (Debian's python3-cryptography, OpenSSL underneath), on a batch of operations.
/// </summary>
public static class PyReference
{
    public static JsonArray Run(IEnumerable<JsonObject> operations)
    {
        // Debian's interpreter, where python3-cryptography installs (not a pyenv or venv one).
        const string Python = "/usr/bin/python3";
        Assert.True(File.Exists(Python), "python3 is not installed: install the Debian packages python3 and python3-cryptography");
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "sev_reference.py");
        var info = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        p.StandardInput.Write(new JsonArray([.. operations]).ToJsonString());
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(300_000), "sev_reference.py did not finish within 5 minutes");
        if (err.Result.Contains("No module named 'cryptography'", StringComparison.Ordinal))
        {
            Assert.Fail("python3-cryptography is not installed: install the Debian package python3-cryptography (apt-get install python3-cryptography)");
        }

        Assert.True(p.ExitCode == 0, $"sev_reference.py failed: {err.Result}");
        return JsonNode.Parse(output.Result)!.AsArray();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
