using System.CommandLine;
using Qcrypto.Cli;
using Qcrypto.Cli.Commands;
using Qcrypto.Errors;

// qcrypto: the secret-encryption helper, the -object checker and the demo of the subsystem.
// Every failure ends in a one-line message on stderr and a documented exit code, never a stack trace.
var root = new RootCommand("qcrypto: QEMU-compatible secrets, -object validation and TLS credential tools")
{
    new Command("secret", "Master keys and encrypted secrets for -object secret")
    {
        SecretNewKeyCommand.Create(),
        SecretEncryptCommand.Create(),
        SecretDecryptCommand.Create(),
    },
    new Command("object", "Validate -object lines")
    {
        ObjectCheckCommand.Create(),
    },
    new Command("tls", "TLS sessions with the exact -object credentials an emulator uses")
    {
        TlsServeCommand.Create(),
        TlsConnectCommand.Create(),
    },
    new Command("certdir", "Check and create tls-creds-x509 certificate directories") { CertdirCheckCommand.Create(), CertdirCreateCommand.Create() },
    ExplainCommand.Create(),
    new Command("cryptodev", "virtio-crypto backends: what a guest sees, and how fast they run")
    {
        CryptodevInfoCommand.Create(),
        CryptodevBenchCommand.Create(),
    },
    VhostUserCryptoCommand.Create(),
    DemoCommand.Create(),
};

try
{
    // Arguments are bytes on Linux: keep the ones that are not UTF-8 (data=, file names) as given.
    args = RawArgs.Recover(args);

    // QEMU users paste "-object LINE": accept QEMU's single-dash spelling too.
    var parse = root.Parse(args.Select(a => a switch { "-object" => "--object", "-chardev" => "--chardev", _ => a }).ToArray());
    if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
    {
        foreach (var error in parse.Errors)
        {
            Diagnostics.Error(error.Message);
        }

        Std.Err.WriteLine($"Run '{parse.CommandResult.Command.Path()} --help' for usage.");
        return ExitCodes.Usage;
    }

    // Our own handlers below print errors without stack traces; System.CommandLine's would not.
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (UsageException e)
{
    Diagnostics.Error(e.Message, e.Hint);
    return ExitCodes.Usage;
}
catch (QcryptoException e)
{
    Diagnostics.Error(e);
    return ExitCodes.Invalid;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    // Never the runtime's Message: under NativeAOT it is a resource key (IO_FileNotFound_FileName, ...).
    Diagnostics.Error(RuntimeErrorText.Describe(e));
    return ExitCodes.Usage;
}
catch (Exception e)
{
    // Last resort: a bug of ours. Say what it was, without a stack trace or runtime text, and fail.
    Diagnostics.Error($"internal error ({RuntimeErrorText.Describe(e)})", "please report this with the command line (minus any secret)");
    return ExitCodes.Usage;
}
