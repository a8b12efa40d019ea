using System.Text;
using Qcrypto.Errors;
using Qcrypto.Objects.Argv;

namespace Qcrypto.Fuzz;

/// <summary>
/// The argv splitter and the -object picker: arbitrary bytes as a command-line text. Invariant: the words,
/// each quoted back for a shell (single quotes, '\'' for a quote), split again into the same words.
/// Rejections are <see cref="QcryptoException"/>s (an unterminated quote); anything else escaping is a bug.
/// </summary>
public static class ArgvTarget
{
    public static void Run(byte[] input)
    {
        List<ArgvWord> words;
        try
        {
            words = ArgvSplitter.Split(Encoding.UTF8.GetString(input));
        }
        catch (QcryptoException)
        {
            return;
        }

        _ = EmulatorArgv.Objects(words);
        var quoted = string.Join(" \\\n ", words.Select(w => "'" + w.Text.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var again = ArgvSplitter.Split(quoted).Select(w => w.Text).ToList();
        if (!again.SequenceEqual(words.Select(w => w.Text)))
        {
            throw new InvalidOperationException("quoted words do not split back to the same words");
        }
    }
}
