using System.Text;
using Qcrypto.Errors;

namespace Qcrypto.Objects;

/// <summary>
/// The QemuOpts grammar as QEMU 7.2 applies it to <c>-object</c> (util/qemu-option.c):
/// elements are separated by ','; in a value ",," stands for one literal comma; the first element
/// without '=' is the type; any later element without '=' is a short-form boolean ("name" = on,
/// "noname" = off); a bare "help" or "?" (or that as the type) asks for help; of several "id=" the
/// first wins.
/// </summary>
/// <remarks>
/// QEMU asks for help when any option is *named* help or "?" (qemu_opt_has_help_opt), whatever its
/// value: "help=1", "?=x" and even "nohelp" (with its short-form warning) print help too. Those options
/// stay in <see cref="ObjectLine.Options"/>: for a type QEMU has no class for, it prints no help and
/// the options visitor refuses them like any unknown option ("Invalid parameter 'help'").
/// </remarks>
internal static class ObjectLineParser
{
    public static ObjectLine Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? type = null;
        string? id = null;
        var idSeen = false;
        var help = false;
        var options = new List<ObjectOption>();
        var typePosition = 0;
        var position = 0;
        var first = true;
        var p = 0;

        while (p < text.Length)
        {
            position++;
            var nameEnd = IndexOfAny(text, p, '=', ',');
            if (nameEnd >= text.Length || text[nameEnd] != '=')
            {
                if (first)
                {
                    // "foo,more": the implied first option, qom-type; its value takes ",," escapes.
                    p = ReadValue(text, p, out var implied);
                    type = implied;
                    typePosition = position;
                }
                else
                {
                    var flag = text[p..nameEnd];
                    p = nameEnd < text.Length ? nameEnd + 1 : nameEnd;
                    var (name, value) = flag is not ("help" or "?") && flag.StartsWith("no", StringComparison.Ordinal) ? (flag[2..], "off") : (flag, "on");
                    Add(name, value, flag);
                }
            }
            else
            {
                var name = text[p..nameEnd];
                p = ReadValue(text, nameEnd + 1, out var value);
                Add(name, value, flag: null);
            }

            first = false;
        }

        if (type is "help" or "?")
        {
            help = true;
        }

        if (id is not null && !Identifier.IsWellFormed(id))
        {
            throw new ObjectOptionException(ErrorCodes.InvalidId, "Parameter 'id' expects an identifier", property: "id", hint: Identifier.Hint);
        }

        return new ObjectLine(type, id, options, help, typePosition);

        void Add(string name, string value, string? flag)
        {
            switch (name)
            {
                case "id":
                    if (!idSeen)
                    {
                        id = value;
                        idSeen = true;
                    }

                    break;
                case "qom-type":
                    type = value;
                    typePosition = typePosition == 0 ? position : typePosition;
                    break;
                default:
                    help |= name is "help" or "?";
                    options.Add(new ObjectOption(name, value, flag is not null, position, flag));
                    break;
            }
        }
    }

    /// <summary>Reads a value up to the next lone ',' turning ",," into ','; returns the index after the separator.</summary>
    private static int ReadValue(string text, int start, out string value)
    {
        var end = text.IndexOf(',', start);
        if (end < 0)
        {
            value = text[start..];
            return text.Length;
        }

        if (end + 1 >= text.Length || text[end + 1] != ',')
        {
            value = text[start..end];
            return end + 1;
        }

        var sb = new StringBuilder();
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == ',')
            {
                if (i + 1 < text.Length && text[i + 1] == ',')
                {
                    sb.Append(',');
                    i += 2;
                    continue;
                }

                value = sb.ToString();
                return i + 1;
            }

            sb.Append(c);
            i++;
        }

        value = sb.ToString();
        return i;
    }

    private static int IndexOfAny(string text, int start, char a, char b)
    {
        var i = text.AsSpan(start).IndexOfAny(a, b);
        return i < 0 ? text.Length : start + i;
    }
}
