using System.Collections.Concurrent;

namespace Qcrypto.Rng;

/// <summary>The chardevs of a registry by id (QEMU's -chardev list), for the objects that name one.</summary>
public sealed class ChardevTable
{
    private readonly ConcurrentDictionary<string, Chardev> _byId = new(StringComparer.Ordinal);

    /// <summary>Adds a chardev from a <c>-chardev</c> argument; a duplicate id is an error.</summary>
    public Chardev Add(string spec)
    {
        var chardev = Chardev.Parse(spec);
        if (!_byId.TryAdd(chardev.Id, chardev))
        {
            throw new Errors.ObjectException(Errors.ErrorCodes.DuplicateId, $"Duplicate ID '{chardev.Id}' for chardev", chardev.Id, "id");
        }

        return chardev;
    }

    public Chardev? Find(string id) => _byId.GetValueOrDefault(id);

    public bool Remove(string id) => _byId.TryRemove(id, out _);
}
