using System.Text;
using Qcrypto.Objects;
using Qcrypto.Objects.Argv;

namespace Qcrypto.Cli.ObjectArguments;

/// <summary>
/// <c>qcrypto object check --argv FILE</c>: a whole emulator command line, as <c>ps</c> shows it or libvirt
/// logs it, split as a shell splits it (see <see cref="ArgvSplitter"/>); its <c>-object</c> arguments are
/// checked in order, every other option ignored.
/// </summary>
internal static class ArgvInput
{
    /// <summary>The objects of the command line in FILE ('-' is stdin); a file a shell could not split is a typed error with line and column.</summary>
    public static List<EmulatorObject> Read(string path)
    {
        var bytes = path == "-" ? ReadStdin() : GlibFile.ReadAll(path);
        var words = ArgvSplitter.Split(Encoding.UTF8.GetString(bytes), path == "-" ? "<stdin>" : path);
        return EmulatorArgv.Objects(words);
    }

    private static byte[] ReadStdin()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
