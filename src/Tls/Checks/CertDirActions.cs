using Qcrypto.Errors;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// The actions the certificate-directory checker and the explanations point to, as data (<see cref="ToolAction"/>):
/// creating or checking a directory, with the values to use, and the settings of a check
/// (<see cref="CertDirCheckOptions"/>). Front ends word them; the library's own words name the options' properties.
/// </summary>
internal static class CertDirActions
{
    /// <summary>The directory placeholder of a command (DIR).</summary>
    public static ToolArgument Dir { get; } = ToolArgument.Positional("DIR");

    /// <summary>The CA directory of <see cref="ToolTask.CreateCertDir"/>, by placeholder.</summary>
    public static ToolArgument CaDir(string placeholder = "CADIR") => ToolArgument.Named("ca-dir", placeholder);

    public static ToolArgument Key(string keyType) => ToolArgument.Named("key", keyType);

    public static ToolArgument Hostname(string name = "NAME") => ToolArgument.Named("hostname", name);

    public static ToolArgument Ip(string address = "ADDR") => ToolArgument.Named("ip", address);

    public static ToolArgument Client(string name = "NAME") => ToolArgument.Named("client", name);

    public static ToolArgument Endpoint(string endpoint) => ToolArgument.Named("endpoint", endpoint);

    /// <summary>Create a certificate directory (new keys and certificates from a CA).</summary>
    public static ToolAction Create(string words, params ToolArgument[] arguments) => new(ToolTask.CreateCertDir, words, arguments);

    /// <summary>Check a certificate directory.</summary>
    public static ToolAction Check(string words, params ToolArgument[] arguments) => new(ToolTask.CheckCertDir, words, arguments);

    /// <summary>A check of DIR as either endpoint (the generic advice of the explanations).</summary>
    public static ToolAction CheckAnyEndpoint { get; } = Check("a check of the directory (Qcrypto.Tls.Checks.CertDirChecker)", Dir, Endpoint("server|client"));

    /// <summary>A setting of the check (<see cref="CertDirCheckOptions"/>), named by its property in the library's words.</summary>
    public static ToolAction Option(string property, string name, string? value = null) => ToolAction.Setting(property, name, value);
}
