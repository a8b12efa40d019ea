using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Cli;

/// <summary>Human diagnostics on stderr: errors, warnings and hints, never key material.</summary>
internal static class Diagnostics
{
    public static void Error(string message, string? hint = null)
    {
        Std.Err.WriteLine($"qcrypto: error: {message}");
        if (hint is not null)
        {
            Std.Err.WriteLine($"  hint: {hint}");
        }
    }

    public static void Error(QcryptoException e)
    {
        // SEV failures come with the lines QEMU reports before its error (the firmware's status among them).
        if (e is Sev.Errors.SevException sev)
        {
            foreach (var line in sev.Reports)
            {
                Std.Err.WriteLine($"qcrypto: error: {line}");
            }
        }

        // The library says what to do, as data; the CLI says which command or flag does it.
        Error($"{e.Message} [{e.Code}]", CliWords.Render(e.Fix));
    }

    public static void Warning(string message, string? hint = null)
    {
        Std.Err.WriteLine($"qcrypto: warning: {message}");
        if (hint is not null)
        {
            Std.Err.WriteLine($"  hint: {hint}");
        }
    }

    public static void Warnings(UserCreatable obj)
    {
        foreach (var w in obj.Warnings)
        {
            Warning($"{w.Message} [{w.Code}]", w.Hint);
        }
    }
}
