using System.Text;
using Qcrypto.Errors;

namespace Qcrypto.Cli;

/// <summary>
/// The CLI's words for what the libraries return as data (<see cref="Advice"/>, <see cref="ToolAction"/>):
/// qcrypto's own commands and flags. The libraries never name them; this is the one place that does.
/// </summary>
internal static class CliWords
{
    /// <summary><paramref name="advice"/> with every action as the command or flags of this CLI.</summary>
    public static string? Render(Advice? advice) => advice?.Render(Word);

    /// <summary>An action as this CLI's command line (a task) or flags (a setting).</summary>
    public static string Word(ToolAction action) => action.Task switch
    {
        ToolTask.NewMasterKey => "qcrypto secret new-key" + Arguments(action, leadingSpace: true),
        ToolTask.ListObjectTypes => "qcrypto object check --object help",
        ToolTask.CheckObjects => "qcrypto object check" + Arguments(action, leadingSpace: true),
        ToolTask.DecryptSecret => "qcrypto secret decrypt" + Arguments(action, leadingSpace: true),
        ToolTask.Explain => "qcrypto explain" + Arguments(action, leadingSpace: true),
        ToolTask.ServeTls => "qcrypto tls serve" + Arguments(action, leadingSpace: true),
        ToolTask.ServeOrConnectTls => "qcrypto tls serve/connect" + Arguments(action, leadingSpace: true),
        ToolTask.CreateCertDir => "qcrypto certdir create" + Arguments(action, leadingSpace: true),
        ToolTask.AllowWorldReadableFiles => "pass --allow-world-readable" + Arguments(action, leadingSpace: true),
        ToolTask.CheckCertDir => "qcrypto certdir check" + Arguments(action, leadingSpace: true),
        _ => Arguments(action, leadingSpace: false),
    };

    private static string Arguments(ToolAction action, bool leadingSpace)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in action.Arguments)
        {
            if (text.Length > 0 || leadingSpace)
            {
                text.Append(' ');
            }

            text.Append(name is null ? value : value is null ? $"--{name}" : $"--{name} {value}");
        }

        return text.ToString();
    }
}
