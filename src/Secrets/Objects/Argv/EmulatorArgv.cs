using Qcrypto.Errors;

namespace Qcrypto.Objects.Argv;

/// <summary>One <c>-object</c> of an emulator command line: its argument, or why QEMU refuses the option itself.</summary>
/// <param name="Argument">The argument of -object, or null when <paramref name="Error"/> says why there is none.</param>
/// <param name="Line">Where the option stands in the text (line from 1).</param>
/// <param name="Column">Where the option stands in the text (column from 1).</param>
/// <param name="Error">QEMU's complaint about the option itself (an -object without argument, "-object=..."), or null.</param>
public sealed record EmulatorObject(string? Argument, int Line, int Column, QcryptoException? Error);

/// <summary>
/// Picks the <c>-object</c> arguments out of a whole emulator command line, in order, as QEMU 7.2's
/// option loop reads them: <c>-object ARG</c> and <c>--object ARG</c>; <c>-object=ARG</c> is not an option
/// QEMU knows ("invalid option"); a last <c>-object</c> without argument "requires an argument".
/// Environment assignments (<c>NAME=value</c>) and the program before the first option are skipped, and
/// every other option is ignored (its argument, if any, never starts an -object).
/// </summary>
public static class EmulatorArgv
{
    public static List<EmulatorObject> Objects(IReadOnlyList<ArgvWord> words)
    {
        var result = new List<EmulatorObject>();
        var i = 0;
        while (i < words.Count && IsAssignment(words[i].Text))
        {
            i++;
        }

        if (i < words.Count && !words[i].Text.StartsWith('-'))
        {
            i++;
        }

        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (w.Text is "-object" or "--object")
            {
                if (i + 1 >= words.Count)
                {
                    result.Add(new EmulatorObject(null, w.Line, w.Column, new ObjectOptionException(ErrorCodes.ArgvOption,
                        $"{w.Text}: requires an argument", hint: "give the object after -object")));
                    break;
                }

                result.Add(new EmulatorObject(words[++i].Text, w.Line, w.Column, null));
            }
            else if (w.Text.StartsWith("-object=", StringComparison.Ordinal) || w.Text.StartsWith("--object=", StringComparison.Ordinal))
            {
                var option = w.Text[..w.Text.IndexOf('=')];
                result.Add(new EmulatorObject(null, w.Line, w.Column, new ObjectOptionException(ErrorCodes.ArgvOption,
                    $"{option}=...: invalid option", hint: $"QEMU takes the object as the next argument: {option} ARG")));
            }
        }

        return result;
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        if (eq <= 0 || !(char.IsAsciiLetter(word[0]) || word[0] == '_'))
        {
            return false;
        }

        foreach (var c in word.AsSpan(0, eq))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
