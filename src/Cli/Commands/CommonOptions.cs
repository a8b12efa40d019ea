using System.CommandLine;

namespace Qcrypto.Cli.Commands;

/// <summary>Options several verbs share, named the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "print one JSON document on stdout instead of text" };

    public static Option<string[]> Objects(bool required) => new("--object")
    {
        HelpName = "LINE",
        Description = "an -object argument exactly as given to QEMU, dotted (TYPE,id=ID,...) or JSON ({\"qom-type\":...}) (repeatable; processed in order"
            + (required ? "; --object-file gives them too)" : ")"),
        Required = required,
        AllowMultipleArgumentsPerToken = false,
        Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
    };

    public static Option<string[]> Chardevs() => new("--chardev")
    {
        HelpName = "LINE",
        Description = "a -chardev socket,id=ID,path=PATH line, for cryptodev-vhost-user's chardev= (repeatable)",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<bool> AllowWorldReadable() => new("--allow-world-readable")
    {
        Description = "accept plaintext secret and key files that other users can read (QEMU itself does not check)",
    };
}
