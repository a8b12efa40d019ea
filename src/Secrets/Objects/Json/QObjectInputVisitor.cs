using Qcrypto.Errors;

namespace Qcrypto.Objects.Json;

/// <summary>
/// QEMU 7.2's strict QObject input visitor (qapi/qobject-input-visitor.c) as the generated ObjectOptions
/// code drives it: a stack of the dicts and lists being visited, each dict with a GLib hash table of the
/// keys not yet visited (which decides the key named in "is unexpected"), and QEMU's full names for
/// nested members ("rules[0].match"). Every error is thrown at once, as QEMU's visit stops there.
/// </summary>
internal sealed class QObjectInputVisitor(QObject root, string? objectId)
{
    private readonly Stack<Frame> _stack = new();

    /// <summary>The object id, once visited (errors name it).</summary>
    public string? ObjectId { get; set; } = objectId;

    /// <summary>qobject_input_try_get_object: the member or list element, consumed or not.</summary>
    public QObject? TryGet(string? name, bool consume)
    {
        if (_stack.Count == 0)
        {
            return root;
        }

        var top = _stack.Peek();
        if (top.Obj is QDict dict)
        {
            var value = dict[name!];
            if (consume && value is not null)
            {
                top.Table!.Remove(name!);
            }

            return value;
        }

        var list = (QList)top.Obj;
        var item = top.Next < list.Items.Count ? list.Items[top.Next] : null;
        if (consume)
        {
            top.Next = Math.Min(top.Next + 1, list.Items.Count);
            top.Index++;
        }

        return item;
    }

    /// <summary>The member, consumed; "Parameter 'NAME' is missing" without it.</summary>
    public QObject Get(string? name, string property) =>
        TryGet(name, consume: true) ?? throw Error(ErrorCodes.MissingParameter, $"Parameter '{FullName(name)}' is missing", property);

    /// <summary>Pushes a dict (start_struct); false when absent and optional.</summary>
    public void StartStruct(string? name, string property)
    {
        var value = Get(name, property);
        if (value is not QDict dict)
        {
            throw TypeError(name, "object", property);
        }

        var table = new UnknownOptionOrder.GHashTable();
        foreach (var key in dict.InQemuOrder())
        {
            table.Insert(key);
        }

        _stack.Push(new Frame(name, dict, table));
    }

    /// <summary>Pushes a list (start_list).</summary>
    public QList StartList(string name, string property)
    {
        if (Get(name, property) is not QList list)
        {
            throw TypeError(name, "array", property);
        }

        _stack.Push(new Frame(name, list, null));
        return list;
    }

    /// <summary>check_struct: the first key left in the hash table is "unexpected".</summary>
    public string? FirstUnvisited() => _stack.Peek().Table!.First();

    public string UnexpectedMessage(string key) => $"Parameter '{FullName(key)}' is unexpected";

    public void Pop() => _stack.Pop();

    public string String(string? name, string property)
    {
        var value = Get(name, property);
        return value is QString s ? s.Value : throw TypeError(name, "string", property);
    }

    public bool Bool(string name, string property)
    {
        var value = Get(name, property);
        return value is QBool b ? b.Value : throw TypeError(name, "boolean", property);
    }

    /// <summary>type_int64: an integer that fits in int64, else "expected: integer".</summary>
    public long Int64(string name, string property)
    {
        var value = Get(name, property);
        return value is QNum n && n.TryGetInt64(out var i) ? i : throw TypeError(name, "integer", property);
    }

    /// <summary>type_uint64: a uint64, or a negative int64 taken modulo 2^64 (QEMU keeps that for compatibility).</summary>
    public ulong UInt64(string? name, string property)
    {
        var value = Get(name, property);
        if (value is QNum n)
        {
            if (n.TryGetUInt64(out var u))
            {
                return u;
            }

            if (n.TryGetInt64(out var i))
            {
                return unchecked((ulong)i);
            }
        }

        throw Error(ErrorCodes.InvalidParameterValue, $"Parameter '{FullName(name)}' expects uint64", property);
    }

    public ObjectOptionException TypeError(string? name, string expected, string property) =>
        Error(ErrorCodes.InvalidParameterValue, $"Invalid parameter type for '{FullName(name)}', expected: {expected}", property);

    public ObjectOptionException Error(string code, string message, string property, Advice? hint = null) =>
        new(code, message, ObjectId, property, hint);

    /// <summary>full_name_nth(name, 0): the dotted and indexed path of what is being visited.</summary>
    public string FullName(string? name)
    {
        var result = "";
        foreach (var frame in _stack)
        {
            result = frame.Obj is QDict ? "." + (name ?? "<anonymous>") + result : $"[{frame.Index}]" + result;
            name = frame.Name;
        }

        if (name is not null)
        {
            return name + result;
        }

        if (result.StartsWith('.'))
        {
            return result[1..];
        }

        return result.Length == 0 ? "<anonymous>" : result;
    }

    private sealed class Frame(string? name, QObject obj, UnknownOptionOrder.GHashTable? table)
    {
        public string? Name { get; } = name;

        public QObject Obj { get; } = obj;

        public UnknownOptionOrder.GHashTable? Table { get; } = table;

        // For a list: the next element to visit, and QEMU's index (starts at -1, counts consumed elements).
        public int Next { get; set; }

        public int Index { get; set; } = -1;
    }
}
