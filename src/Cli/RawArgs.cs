using Qcrypto.Objects;
using Qcrypto.Posix;

namespace Qcrypto.Cli;

/// <summary>
/// The command line as the bytes the kernel passed. Linux argv is bytes and QEMU takes it as bytes, but
/// .NET decodes it as UTF-8 and turns every invalid byte into U+FFFD: a data= of byte 0xE9 would become
/// ef bf bd, and a Latin-1 file name could not be opened. /proc/self/cmdline still holds the bytes; the
/// last args.Length entries are ours (before them: the executable, or dotnet and qcrypto.dll).
/// </summary>
internal static class RawArgs
{
    public static string[] Recover(string[] args)
    {
        if (args.Length == 0 || !args.Any(a => a.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            // Nothing was replaced: the runtime's strings are already exact.
            return args;
        }

        byte[] cmdline;
        try
        {
            cmdline = GlibFile.ReadAll("/proc/self/cmdline");
        }
        catch (GlibFileException)
        {
            return args;
        }

        var entries = Split(cmdline);
        if (entries.Count < args.Length)
        {
            return args;
        }

        var raw = entries.GetRange(entries.Count - args.Length, args.Length).Select(e => RawText.Decode(e)).ToArray();
        for (var i = 0; i < args.Length; i++)
        {
            // The same argument, unless only where the runtime put U+FFFD: otherwise keep what .NET gave.
            if (raw[i] != args[i] && (!RawText.HasSurrogates(raw[i]) || !args[i].Contains('\uFFFD', StringComparison.Ordinal)))
            {
                return args;
            }
        }

        return raw;
    }

    private static List<byte[]> Split(byte[] cmdline)
    {
        var entries = new List<byte[]>();
        var rest = cmdline.AsSpan();
        while (!rest.IsEmpty)
        {
            var nul = rest.IndexOf((byte)0);
            var end = nul < 0 ? rest.Length : nul;
            entries.Add(rest[..end].ToArray());
            rest = nul < 0 ? default : rest[(nul + 1)..];
        }

        return entries;
    }
}
