using System.CommandLine;
using Qcrypto.Sev.Errors;

namespace Qcrypto.Cli.Commands;

/// <summary>What the sev verbs share: options named the same everywhere, and how their failures map to exit codes.</summary>
internal static class SevCli
{
    /// <summary>Failures that mean the command could not run (exit 2): unreadable inputs, key files others can read, no platform.</summary>
    public static bool CouldNotRun(SevException e) =>
        e.Code is SevErrorCodes.Input or SevErrorCodes.KeyFile or SevErrorCodes.KeyFilePermissions or SevErrorCodes.Platform;

    public static Option<string?> TkFile() => new("--tk-file") { HelpName = "FILE", Description = "TEK ‖ TIK, 32 raw bytes (sev-tool's tmp_tk.bin, 'sev session' writes it)" };

    public static Option<string?> Tek() => new("--tek") { HelpName = "FILE", Description = "the TEK alone, 16 raw bytes (sevctl's NAME_tek.bin)" };

    public static Option<string?> Tik() => new("--tik") { HelpName = "FILE", Description = "the TIK alone, 16 raw bytes (sevctl's NAME_tik.bin)" };

    public static Option<string> Policy(bool required = true) => new("--policy")
    {
        HelpName = "N", Description = "the guest policy, decimal (as query-sev prints it) or hex with 0x", Required = required,
    };

    public static Option<string> ApiMajor() => new("--api-major") { HelpName = "N", Description = "query-sev's api-major (decimal, or hex with 0x)", Required = true };

    public static Option<string> ApiMinor() => new("--api-minor") { HelpName = "N", Description = "query-sev's api-minor (decimal, or hex with 0x)", Required = true };

    public static Option<string> Build() => new("--build") { HelpName = "N", Description = "query-sev's build-id (decimal, or hex with 0x)", Required = true };

    public static Option<string?> Digest() => new("--digest") { HelpName = "HEX|BASE64", Description = "the launch digest (SHA-256 of what was LAUNCH_UPDATE'd)" };

    public static Option<string?> Ovmf() => new("--ovmf") { HelpName = "FILE", Description = "the firmware image, to compute the launch digest as QEMU measures it (pflash unit 0)" };

    public static Option<string?> Kernel() => new("--kernel") { HelpName = "FILE", Description = "measured direct boot: the kernel (kernel-hashes=on)" };

    public static Option<string?> Initrd() => new("--initrd") { HelpName = "FILE", Description = "measured direct boot: the initrd" };

    public static Option<string?> Append() => new("--append") { HelpName = "TEXT", Description = "measured direct boot: the kernel command line" };

    public static Option<string> Platform(bool required) => new("--platform")
    {
        HelpName = "DIR", Description = "the software SEV platform ('sev platform init DIR')", Required = required,
    };
}
