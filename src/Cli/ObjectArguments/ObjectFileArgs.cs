using System.CommandLine;
using System.Text;
using Qcrypto.Objects;

namespace Qcrypto.Cli.ObjectArguments;

/// <summary>
/// <c>--object-file FILE</c> on every verb that takes <c>--object</c>: before parsing, each one is replaced by
/// one <c>--object ARG</c> per argument line of FILE, where it stands, so that the order of the objects is
/// the order given (files and single --object options mixed). A line is one argument, dotted or JSON; lines
/// are trimmed of blanks (spaces, tabs, a CR) at both ends; blank lines and lines starting with '#' are skipped.
/// </summary>
internal static class ObjectFileArgs
{
    public const string Name = "--object-file";

    /// <summary>The option as help shows it (its values are expanded before parsing).</summary>
    public static Option<string[]> Option() => new(Name)
    {
        HelpName = "FILE",
        Description = "read -object arguments from FILE, one per line (dotted or JSON; '#' comments and blank lines skipped; "
            + "each line trimmed of blanks at both ends); repeatable, taken in order with --object",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Adds the option to every command that has --object.</summary>
    public static void AddTo(Command command)
    {
        if (command.Options.Any(o => o.Name == "--object"))
        {
            command.Options.Add(Option());
        }

        foreach (var sub in command.Subcommands)
        {
            AddTo(sub);
        }
    }

    /// <summary>The arguments with every --object-file FILE (or --object-file=FILE) expanded in place.</summary>
    public static string[] Expand(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            string? file = null;
            if (args[i] == Name && i + 1 < args.Count)
            {
                file = args[++i];
            }
            else if (args[i].StartsWith(Name + "=", StringComparison.Ordinal))
            {
                file = args[i][(Name.Length + 1)..];
            }

            if (file is null)
            {
                result.Add(args[i]);
                continue;
            }

            foreach (var line in Read(file))
            {
                result.Add("--object");
                result.Add(line);
            }
        }

        return [.. result];
    }

    /// <summary>The argument lines of <paramref name="path"/> ('-' is stdin).</summary>
    public static List<string> Read(string path)
    {
        var bytes = path == "-" ? ReadStdin() : GlibFile.ReadAll(path);
        return Lines(Encoding.UTF8.GetString(bytes));
    }

    internal static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim(' ', '\t', '\r')).Where(l => l.Length > 0 && l[0] != '#')];

    private static byte[] ReadStdin()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
