using Qcrypto.Errors;
using Qcrypto.Objects.Json;
using Qcrypto.Objects.Qom;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// The registry as QMP sees it: QEMU's QOM tree reduced to what qcrypto has (the root, /objects and the
/// objects in it), with qom-list, qom-get, object-add and object-del answering as QEMU 7.2 does.
/// </summary>
public sealed partial class ObjectRegistry
{
    // The property table of /objects as GLib lays it out: qom-list lists the children in its slot order
    // (reversed), which depends on every insertion and removal, failed creations included.
    private readonly UnknownOptionOrder.GHashTable _children = new();

    /// <summary>True once QEMU would have created /objects (object_get_objects_root: the first object-add or object-del).</summary>
    internal bool ObjectsContainerExists { get; private set; }

    /// <summary>
    /// QMP's object-add: visits <paramref name="arguments"/> as QEMU visits ObjectOptions (the strict QObject
    /// input visitor, exactly as a JSON <c>-object</c>), then creates and completes the object.
    /// </summary>
    public UserCreatable ObjectAdd(QObject arguments) => Add(JsonObjectOptions.Validate(arguments, Catalog));

    /// <summary>QMP's object-del (user_creatable_del): <see cref="Delete"/>, which also creates /objects as QEMU's does.</summary>
    public void ObjectDel(string id)
    {
        ObjectsContainerExists = true;
        Delete(id);
    }

    /// <summary>QMP's qom-list: the properties of the object at <paramref name="path"/>, in QEMU's order.</summary>
    public IReadOnlyList<QomProperty> QomList(string path)
    {
        var node = Resolve(path, out var ambiguous) ?? throw (ambiguous
            ? new ObjectException(QomErrorCodes.AmbiguousPath, $"Path '{path}' is ambiguous")
            : NotFound(path));
        return node switch
        {
            QomNode.Root => RootChildren(),
            QomNode.Chardevs => [new QomProperty("type", "string")],
            QomNode.Machine => throw NotModelled(path),
            QomNode.Objects => [new QomProperty("type", "string"), .. _children.Keys().Reverse().Select(id => new QomProperty(id, $"child<{_byId[id].TypeName}>"))],
            QomNode.Object o => [.. QomTypeTable.For(o.Value.Type).Select(e => new QomProperty(e.Name, e.Type))],
            _ => [],
        };
    }

    /// <summary>QMP's qom-get: the value of <paramref name="property"/> of the object at <paramref name="path"/>.</summary>
    public QObject QomGet(string path, string property)
    {
        // qmp_qom_get resolves without reporting ambiguity: an ambiguous path is simply not found.
        var node = Resolve(path, out _) ?? throw NotFound(path);
        switch (node)
        {
            case QomNode.Root:
                return property switch
                {
                    "type" => new QString("container"),
                    "objects" when ObjectsContainerExists => new QString("/objects"),
                    "machine" => new QString("/machine"),
                    "chardevs" => new QString("/chardevs"),
                    _ => throw NoProperty("container", property),
                };
            case QomNode.Chardevs:
                return property == "type" ? new QString("container") : throw NoProperty("container", property);
            case QomNode.Machine:
                throw NotModelled(path);
            case QomNode.Objects:
                return property == "type" ? new QString("container")
                    : _byId.ContainsKey(property) ? new QString("/objects/" + property)
                    : throw NoProperty("container", property);
            default:
                var obj = ((QomNode.Object)node).Value;
                var entry = QomTypeTable.For(obj.Type).FirstOrDefault(e => e.Name == property) ?? throw NoProperty(obj.TypeName, property);
                return Value(obj, entry);
        }
    }

    private static QObject Value(UserCreatable obj, QomEntry entry)
    {
        if (entry.Name == "type")
        {
            return new QString(obj.TypeName);
        }

        if (entry.Name is "loaded" or "opened")
        {
            return new QBool(obj.IsCompleted);
        }

        if (obj.Get(entry.Name) is { } value)
        {
            // QEMU hands a secret's data= back as given; qcrypto never returns key material (README).
            if (obj.Type.Schema.Find(entry.Name) is { } schema && obj.IsSensitive(schema))
            {
                throw new ObjectException(QomErrorCodes.PermissionDenied, "Insufficient permission to perform this command", obj.Id, entry.Name,
                    "qcrypto does not return secret values over QMP");
            }

            return Typed(value);
        }

        return entry.Default ?? (obj.Type.Schema.Find(entry.Name)?.Kind == PropertyKind.Bool ? new QBool(false) : new QString(""));
    }

    private static QObject Typed(PropertyValue value) => value.Kind switch
    {
        PropertyKind.String or PropertyKind.Enum => new QString(value.Text),
        PropertyKind.Bool => new QBool(value.Flag),
        PropertyKind.StructList => QemuJson.Parse(value.Text),
        PropertyKind.UInt16List => new QList([.. value.List!.Select(v => (QObject)QNum.FromInt(v))]),
        PropertyKind.UInt64 or PropertyKind.Size => QNum.FromUInt(value.AsUInt64),
        _ => QNum.FromInt(value.AsInt64),
    };

    private IReadOnlyList<QomProperty> RootChildren()
    {
        // The root of `-machine none -nodefaults` as QEMU 7.2 lists it; /objects once it exists.
        List<QomProperty> list = [new("type", "string")];
        if (ObjectsContainerExists)
        {
            list.Add(new("objects", "child<container>"));
        }

        list.Add(new("machine", "child<none-machine>"));
        list.Add(new("chardevs", "child<container>"));
        return list;
    }

    /// <summary>
    /// object_resolve_path over the nodes qcrypto has: an absolute path walks from the root (empty
    /// components skipped); a partial path matches every node whose path ends with its components, and is
    /// ambiguous when more than one does (the empty path matches them all).
    /// </summary>
    private QomNode? Resolve(string path, out bool ambiguous)
    {
        ambiguous = false;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nodes = new List<(string[] Path, QomNode Node)> { ([], new QomNode.Root()), (["machine"], new QomNode.Machine()), (["chardevs"], new QomNode.Chardevs()) };
        if (ObjectsContainerExists)
        {
            nodes.Add((["objects"], new QomNode.Objects()));
            nodes.AddRange(_byId.Values.Select(o => (new[] { "objects", o.Id }, (QomNode)new QomNode.Object(o))));
        }

        if (path.StartsWith('/'))
        {
            return nodes.FirstOrDefault(n => n.Path.SequenceEqual(parts)).Node;
        }

        var matches = nodes.Where(n => n.Path.Length >= parts.Length && n.Path[^parts.Length..].SequenceEqual(parts)).ToList();
        ambiguous = matches.Count > 1;
        return matches.Count == 1 ? matches[0].Node : null;
    }

    private static ObjectException NotFound(string path) => new(QomErrorCodes.DeviceNotFound, $"Device '{path}' not found");

    /// <summary>qcrypto has no machine: /machine exists (so partial paths resolve as in QEMU) but cannot be looked into.</summary>
    private static ObjectException NotModelled(string path) =>
        new(QomErrorCodes.DeviceNotFound, $"Device '{path}' not found", hint: "qcrypto models /objects only; QEMU's /machine is not modelled");

    private static ObjectException NoProperty(string type, string property) =>
        new(QomErrorCodes.PropertyNotFound, $"Property '{type}.{property}' not found", property: property);

    private void ChildAdded(string id)
    {
        ObjectsContainerExists = true;
        _children.Insert(id);
    }

    private void ChildRemoved(string id) => _children.Remove(id);

    private abstract record QomNode
    {
        public sealed record Root : QomNode;

        public sealed record Objects : QomNode;

        public sealed record Machine : QomNode;

        public sealed record Chardevs : QomNode;

        public sealed record Object(UserCreatable Value) : QomNode;
    }
}
