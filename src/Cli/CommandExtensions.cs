using System.CommandLine;

namespace Qcrypto.Cli;

internal static class CommandExtensions
{
    /// <summary>"qcrypto secret encrypt": the words that invoke <paramref name="command"/>.</summary>
    public static string Path(this Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(c is RootCommand ? "qcrypto" : c.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
