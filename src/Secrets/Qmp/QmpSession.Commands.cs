using Qcrypto.Objects.Json;

namespace Qcrypto.Qmp;

/// <summary>The commands every session has: negotiation, quit, and the QOM object commands.</summary>
public sealed partial class QmpSession
{
    private void AddBuiltins()
    {
        AddCommand("qmp_capabilities", args =>
        {
            var enable = args.OptionalEnumList("enable", "oob");
            args.End();
            if (_negotiated)
            {
                throw new QmpException(QmpErrorClass.CommandNotFound, "Capabilities negotiation is already complete, command ignored");
            }

            _oob = enable?.Contains("oob") == true;
            _negotiated = true;
            return null;
        });

        // Handled by Dispatch (the SHUTDOWN event comes before the reply); listed here so that it is found.
        AddCommand("quit", () => null);

        // 'boxed': the arguments are ObjectOptions themselves, visited like a JSON -object.
        AddCommand("object-add", args =>
        {
            Registry.ObjectAdd(args.Dict);
            return null;
        });

        AddCommand("object-del", args =>
        {
            var id = args.String("id");
            args.End();
            Registry.ObjectDel(id);
            return null;
        });

        AddCommand("qom-list", args =>
        {
            var path = args.String("path");
            args.End();
            return new QList([.. Registry.QomList(path).Select(p => (QObject)Dict(("name", new QString(p.Name)), ("type", new QString(p.Type))))]);
        });

        AddCommand("qom-get", args =>
        {
            var path = args.String("path");
            var property = args.String("property");
            args.End();
            return Registry.QomGet(path, property);
        });
    }
}
