using System.CommandLine;
using System.Text.Json;
using Qcrypto.Objects.Json;
using Qcrypto.Qmp;
using Qcrypto.Sev.Launch;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto qmp</c>: a QMP monitor on stdin/stdout over qcrypto's object registry, answering as
/// <c>qemu-system-x86_64 -machine none -nodefaults -qmp stdio</c> 7.2 does, so that a management tool's
/// object-add/object-del/qom-* traffic can be replayed against it. Exit 0 on quit or end of input.
/// </summary>
internal static class QmpCommand
{
    public static Command Create()
    {
        var objects = CommonOptions.Objects(required: false);
        var allow = CommonOptions.AllowWorldReadable();
        var name = new Option<string?>("--name")
        {
            Description = "the name query-name reports, as QEMU's -name guest=NAME (taken as given: not QEMU's -name option syntax)",
            HelpName = "NAME",
        };
        var command = new Command("qmp",
            "A QMP monitor on stdin/stdout answering as QEMU 7.2 (-machine none): qmp_capabilities, object-add, object-del, qom-list, qom-get, " +
            "query-version, query-name, query-commands, query-status, query-sev*, quit. " +
            "Exit 0 after quit or at the end of the input, 1 when an --object fails, 2 when stdin or stdout fails")
        {
            objects, allow, name,
        };
        command.SetAction(r => Run(r.GetValue(objects) ?? [], r.GetValue(allow), r.GetValue(name)));
        return command;
    }

    private static int Run(string[] lines, bool allowWorldReadable, string? name)
    {
        using var registry = ObjectLineProcessor.Build(lines, allowWorldReadable);
        var session = new QmpSession(registry) { Name = name };
        AddSevCommands(session);
        new QmpServer(session).Run(Std.InStream, Std.OutStream);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The SEV queries as QEMU 7.2 answers them without a machine using SEV (-machine none): query-sev
    /// reports SEV disabled, the other two fail with QEMU's messages.
    /// </summary>
    private static void AddSevCommands(QmpSession session)
    {
        session.AddCommand("query-sev", () =>
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                QmpJson.WriteMembers(w, new SevInfo(false, 0, 0, 0, 0, SevState.Uninit, 0));
                w.WriteEndObject();
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            return QemuJson.FromElement(document.RootElement);
        });
        session.AddCommand("query-sev-capabilities", () => throw new QmpException("KVM not enabled"));
        session.AddCommand("query-sev-launch-measure", () => throw new QmpException("SEV launch measurement is not available"));
    }
}
