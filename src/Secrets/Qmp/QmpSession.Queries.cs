using Qcrypto.Objects.Json;

namespace Qcrypto.Qmp;

/// <summary>
/// The queries a management tool sends first (libvirt's probe and connect sequence), answered as QEMU 7.2
/// answers them for <c>-machine none</c>. None takes arguments: an argument given is "Parameter 'x' is
/// unexpected", as QEMU's marshaller says.
/// </summary>
public sealed partial class QmpSession
{
    private void AddQueries()
    {
        // The greeting's version object: qcrypto is not QEMU, so "package" says qcrypto (see QmpVersion).
        AddCommand("query-version", VersionInfo);

        // NameInfo: the member is absent without a name.
        AddCommand("query-name", () => Name is null ? null : Dict(("name", new QString(Name))));

        // Every command the session answers, the host's included, in ordinal order so that the list is
        // stable whatever order the commands were added in (QEMU lists its own in reverse registration order).
        AddCommand("query-commands", () => new QList([.. _commands.Keys.Order(StringComparer.Ordinal).Select(c => (QObject)Dict(("name", new QString(c))))]));

        // qcrypto has no vCPUs to start or stop (no cont, no stop): it serves from the start, as QEMU does
        // without -S ("prelaunch" with -S); singlestep is false as in any QEMU not given -singlestep. Members
        // in StatusInfo's QAPI order, the order QEMU's output visitor inserts them (it decides the QDict's).
        AddCommand("query-status", () => Dict(("running", new QBool(true)), ("singlestep", new QBool(false)), ("status", new QString("running"))));
    }
}
