namespace Qcrypto.Objects.Json;

/// <summary>
/// A JSON object: members in the order given (<see cref="Members"/>) and in the order QEMU 7.2's QDict
/// iterates them (<see cref="InQemuOrder"/>: by tdb_hash bucket, the latest inserted first within a bucket).
/// Keys are unique: QEMU's parser refuses a duplicate key.
/// </summary>
public sealed class QDict : QObject
{
    private readonly List<KeyValuePair<string, QObject>> _members = [];
    private readonly Dictionary<string, QObject> _byKey = new(StringComparer.Ordinal);

    public override string TypeName => "object";

    /// <summary>The members in the order they were given.</summary>
    public IReadOnlyList<KeyValuePair<string, QObject>> Members => _members;

    public int Count => _members.Count;

    public QObject? this[string key] => _byKey.GetValueOrDefault(key);

    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    /// <summary>Adds a member; false (and nothing added) if the key is already there.</summary>
    public bool TryAdd(string key, QObject value)
    {
        if (!_byKey.TryAdd(key, value))
        {
            return false;
        }

        _members.Add(new(key, value));
        return true;
    }

    /// <summary>The keys as qdict_first/qdict_next return them.</summary>
    public IEnumerable<string> InQemuOrder() => _members
        .Select((m, i) => (m.Key, i))
        .OrderBy(m => QDictOrder.Bucket(m.Key))
        .ThenByDescending(m => m.i)
        .Select(m => m.Key);
}
