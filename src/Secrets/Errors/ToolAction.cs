namespace Qcrypto.Errors;

/// <summary>What an <see cref="Advice"/> asks the user to do with qcrypto itself.</summary>
public enum ToolTask
{
    /// <summary>Make a new master key (32 random bytes, base64).</summary>
    NewMasterKey,

    /// <summary>List the object types and their properties.</summary>
    ListObjectTypes,

    /// <summary>Validate and create objects from their -object lines, reporting every problem.</summary>
    CheckObjects,

    /// <summary>Decrypt a secret through the object model, as the emulator would.</summary>
    DecryptSecret,

    /// <summary>Explain an error message or a finding code.</summary>
    Explain,

    /// <summary>Serve TLS with the credentials of an -object line (names the alert a peer sends).</summary>
    ServeTls,

    /// <summary>Serve or connect TLS with the credentials of an -object line.</summary>
    ServeOrConnectTls,

    /// <summary>Create a certificate directory (CA, server and client certificates and keys).</summary>
    CreateCertDir,

    /// <summary>Check a certificate directory as tls-creds-x509 would load it.</summary>
    CheckCertDir,

    /// <summary>Allow key or secret files that other users can read (the caller's explicit choice).</summary>
    AllowWorldReadableFiles,

    /// <summary>A setting of the request being made (only <see cref="ToolAction.Arguments"/>, no task).</summary>
    Setting,
}

/// <summary>
/// One value of a <see cref="ToolAction"/>: a setting's <see cref="Name"/> and <see cref="Value"/> (either
/// may be null: a positional value, a flag without value).
/// </summary>
public readonly record struct ToolArgument(string? Name, string? Value)
{
    /// <summary>A value that stands by position (a directory, a placeholder such as DIR).</summary>
    public static ToolArgument Positional(string value) => new(null, value);

    /// <summary>A named setting, with or without a value.</summary>
    public static ToolArgument Named(string name, string? value = null) => new(name, value);
}

/// <summary>
/// An action of qcrypto's own tools, as data: the <see cref="Task"/>, its <see cref="Arguments"/>, and the
/// library's own <see cref="Words"/> for it. A front end words it from the task and the arguments (the CLI:
/// its command line or flags); hosts without one use <see cref="Words"/>.
/// </summary>
public sealed record ToolAction(ToolTask Task, string Words, params ToolArgument[] Arguments)
{
    /// <summary>A setting of the request: <paramref name="name"/> with an optional value.</summary>
    public static ToolAction Setting(string words, string name, string? value = null) => new(ToolTask.Setting, words, ToolArgument.Named(name, value));

    /// <inheritdoc/>
    public override string ToString() => Words;
}
