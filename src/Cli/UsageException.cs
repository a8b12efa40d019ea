namespace Qcrypto.Cli;

/// <summary>The command cannot run as asked (exit code 2); the message says why and how to fix it.</summary>
internal sealed class UsageException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}
