using System.CommandLine;
using Qcrypto.Cli;
using Qcrypto.Cli.Commands;
using Qcrypto.Cli.ObjectArguments;
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
    new Command("sev", "AMD SEV: a software platform, the launch as QEMU runs it, and the guest owner's tools")
    {
        new Command("platform", "A software SEV platform (keys, certificates and guests in a directory)") { SevPlatformInitCommand.Create() },
        SevSessionCommand.Create(),
        SevMeasureCommand.Create(),
        SevVerifyCommand.Create(),
        SevSecretCommand.Create(),
        SevLaunchCommand.Create(),
        SevInjectCommand.Create(),
    },
    VhostUserCryptoCommand.Create(),
    QmpCommand.Create(),
    DemoCommand.Create(),
};

ObjectFileArgs.AddTo(root);

// The reader of stdout or stderr going away (`| head`) ends the run here, wherever it was noticed: exit 141 as a C
// tool killed by SIGPIPE, not a word more (the reader is gone on purpose). Also when the verb or one of the handlers
// below noticed it while reporting another outcome: EPIPE wins, so `set -o pipefail` scripts see one status for it.
int status;
try
{
    status = Run(root, args);
}
catch (ReaderGoneException)
{
    status = ExitCodes.ReaderGone;
}

return Std.ReaderGone ? ExitCodes.ReaderGone : status;

static int Run(RootCommand root, string[] args)
{
    try
    {
        // Arguments are bytes on Linux: keep the ones that are not UTF-8 (data=, file names) as given.
        args = RawArgs.Recover(args);
        args = ObjectFileArgs.Expand(args);

        // QEMU users paste "-object LINE": accept QEMU's single-dash spelling too.
        // No response files: "@SYSTEM:-VERS-TLS1.3" (a GnuTLS priority) and other @ values are values, not files to expand.
        var parse = root.Parse(args.Select(a => a switch { "-object" => "--object", "-chardev" => "--chardev", _ => a }).ToArray(),
            new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
        {
            foreach (var error in parse.Errors)
            {
                Diagnostics.Error(error.Message);
            }

            Std.Err.WriteLine($"Run '{parse.CommandResult.Command.Path()} --help' for usage.");
            JsonOutput.WriteFailure(args, ExitCodes.Usage, "usage", parse.Errors[0].Message, $"run '{parse.CommandResult.Command.Path()} --help' for usage");
            return ExitCodes.Usage;
        }

        // Our own handlers below print errors without stack traces; System.CommandLine's would not. Help goes through
        // Std too, so a reader gone while it prints is noticed (Console.Out would ignore EPIPE and exit 0).
        return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = Std.Out, Error = Std.Err });
    }
    catch (UsageException e)
    {
        Diagnostics.Error(e.Message, e.Hint);
        JsonOutput.WriteFailure(args, ExitCodes.Usage, "usage", e.Message, e.Hint);
        return ExitCodes.Usage;
    }
    catch (QcryptoException e)
    {
        Diagnostics.Error(e);
        var exit = e is Qcrypto.Sev.Errors.SevException sev && SevCli.CouldNotRun(sev) ? ExitCodes.Usage : ExitCodes.Invalid;
        JsonOutput.WriteFailure(args, exit, e.Code, e.Message, e.Hint, e);
        return exit;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        // Never the runtime's Message: under NativeAOT it is a resource key (IO_FileNotFound_FileName, ...).
        var text = RuntimeErrorText.Describe(e);
        Diagnostics.Error(text);
        JsonOutput.WriteFailure(args, ExitCodes.Usage, "io-error", text, null);
        return ExitCodes.Usage;
    }
    catch (Exception e) when (e is not ReaderGoneException)
    {
        // Last resort: a bug of ours. Say what it was, without a stack trace or runtime text, and fail.
        const string report = "please report this with the command line (minus any secret)";
        var text = $"internal error ({RuntimeErrorText.Describe(e)})";
        Diagnostics.Error(text, report);
        JsonOutput.WriteFailure(args, ExitCodes.Usage, "internal-error", text, report);
        return ExitCodes.Usage;
    }
}
