using System.Text;
using Qcrypto.Errors;

namespace Qcrypto.Objects.Argv;

/// <summary>One word of a command line, with where it starts in the text (line and column from 1).</summary>
public readonly record struct ArgvWord(string Text, int Line, int Column);

/// <summary>
/// Splits a command line written as a shell would read it, as <c>ps</c> shows one or libvirt logs one
/// (tests/qemuxml2argvdata/*.args): words separated by blanks and newlines, <c>\</c>-newline continuations,
/// single quotes (literal), double quotes (where <c>\</c> escapes only $ ` " \ and newline), <c>\</c> outside
/// quotes escaping the next character, and <c>#</c> at the start of a word beginning a comment. Nothing is
/// expanded: <c>$VAR</c>, <c>~</c> and globs stay as written.
/// </summary>
public static class ArgvSplitter
{
    /// <summary>The words of <paramref name="text"/>; <paramref name="source"/> (a file name) prefixes error messages.</summary>
    public static List<ArgvWord> Split(string text, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<ArgvWord>();
        var word = new StringBuilder();
        var inWord = false;
        int line = 1, column = 1, startLine = 0, startColumn = 0;
        var i = 0;

        while (i < text.Length)
        {
            var c = text[i];
            if (!inWord && c is ' ' or '\t' or '\n' or '\r')
            {
                Advance(1);
                continue;
            }

            if (!inWord && c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    Advance(1);
                }

                continue;
            }

            if (!inWord)
            {
                if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    Advance(2);
                    continue;
                }

                inWord = true;
                startLine = line;
                startColumn = column;
            }

            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    words.Add(new ArgvWord(word.ToString(), startLine, startColumn));
                    word.Clear();
                    inWord = false;
                    Advance(1);
                    break;
                case '\\':
                    if (i + 1 >= text.Length)
                    {
                        throw new ArgvSyntaxException(source, "backslash at the end of the text", line, column);
                    }

                    if (text[i + 1] != '\n')
                    {
                        word.Append(text[i + 1]);
                    }

                    Advance(2);
                    break;
                case '\'':
                    var (sqLine, sqColumn) = (line, column);
                    Advance(1);
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new ArgvSyntaxException(source, "unterminated single quote", sqLine, sqColumn);
                        }

                        if (text[i] == '\'')
                        {
                            Advance(1);
                            break;
                        }

                        word.Append(text[i]);
                        Advance(1);
                    }

                    break;
                case '"':
                    DoubleQuoted();
                    break;
                default:
                    word.Append(c);
                    Advance(1);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(new ArgvWord(word.ToString(), startLine, startColumn));
        }

        return words;

        void DoubleQuoted()
        {
            var (dqLine, dqColumn) = (line, column);
            Advance(1);
            while (true)
            {
                if (i >= text.Length)
                {
                    throw new ArgvSyntaxException(source, "unterminated double quote", dqLine, dqColumn);
                }

                var d = text[i];
                if (d == '"')
                {
                    Advance(1);
                    return;
                }

                if (d == '\\' && i + 1 < text.Length && text[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                {
                    if (text[i + 1] != '\n')
                    {
                        word.Append(text[i + 1]);
                    }

                    Advance(2);
                    continue;
                }

                word.Append(d);
                Advance(1);
            }
        }

        void Advance(int n)
        {
            for (var k = 0; k < n; k++, i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }
        }
    }
}

/// <summary>A command-line text a shell could not split (an unterminated quote): where, as line and column from 1.</summary>
public sealed class ArgvSyntaxException : QcryptoException
{
    internal ArgvSyntaxException(string? source, string message, int line, int column)
        : base(ErrorCodes.ArgvSyntax, $"{(source is null ? "" : source + ":")}{line}:{column}: {message}", null, null, "close the quote, or escape the character with \\", null)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
