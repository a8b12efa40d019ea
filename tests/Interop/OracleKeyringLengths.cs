using System.Globalization;
using System.Text;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// User keys whose payloads are valid base64 of many lengths (item 10): QEMU 7.2 reads one byte past the
/// payload when it base64-decodes it, which fails for 24, 40, 56, ... bytes. Unlinked again on dispose.
/// </summary>
internal sealed class OracleKeyringLengths : IDisposable
{
    private static readonly int[] Lengths = [4, 8, 12, 16, 20, 24, 25, 28, 32, 36, 40, 41, 44, 48, 52, 56, 60, 64, 68, 72, 88, 104, 120, 136, 1000, 1016, 1032, 4088, 4104];

    public OracleKeyringLengths()
    {
        var tag = $"qcrypto-oracle-len-{Environment.ProcessId}";
        try
        {
            foreach (var length in Lengths)
            {
                // "QUJD" repeated is valid base64; a length of 4n+1 ends in a newline, which base64 allows.
                var text = string.Concat(Enumerable.Repeat("QUJD", (length / 4) + 1))[..(length - (length % 4 == 1 ? 1 : 0))] + (length % 4 == 1 ? "\n" : "");
                var serial = OracleTools.Run("keyctl", ["padd", "user", $"{tag}-{length}", "@u"], Encoding.ASCII.GetBytes(text));
                Serials.Add((length, int.Parse(serial.Trim(), CultureInfo.InvariantCulture)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public List<(int Length, int Serial)> Serials { get; } = [];

    public void Dispose()
    {
        foreach (var (_, serial) in Serials)
        {
            try
            {
                OracleTools.Run("keyctl", ["unlink", serial.ToString(CultureInfo.InvariantCulture), "@u"]);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        Serials.Clear();
    }
}
