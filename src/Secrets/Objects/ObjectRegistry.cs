using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.SecretObjects;

namespace Qcrypto.Objects;

/// <summary>
/// QEMU's /objects container: creates objects from <c>-object</c> lines in order, finds them by id or
/// type, and deletes them unless something still uses them. It owns the <see cref="KeyStore"/> all its
/// objects share.
/// </summary>
/// <remarks>Not thread-safe for creation and deletion (as QEMU's main loop); the key store is.</remarks>
public sealed class ObjectRegistry : IDisposable
{
    private readonly List<UserCreatable> _objects = [];
    private readonly Dictionary<string, UserCreatable> _byId = new(StringComparer.Ordinal);

    /// <summary>A registry creating the types of <paramref name="catalog"/> (the full one: Qcrypto.Composition's QcryptoCatalog).</summary>
    public ObjectRegistry(ObjectTypeCatalog catalog, ObjectRegistryOptions? options = null, ILogger? logger = null)
    {
        Catalog = catalog;
        Options = options ?? new ObjectRegistryOptions();
        Logger = logger ?? NullLogger.Instance;
        Secrets = new SecretLookup(this);
    }

    public ObjectTypeCatalog Catalog { get; }

    public ObjectRegistryOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>The key material of every secret-holding object, by object id.</summary>
    public KeyStore Keys { get; } = new();

    /// <summary>Secret lookups with QEMU's semantics and messages.</summary>
    public SecretLookup Secrets { get; }

    /// <summary>Objects in creation order.</summary>
    public IReadOnlyList<UserCreatable> Objects => _objects;

    /// <summary>Parses, validates, creates and completes one object from an <c>-object</c> line.</summary>
    public UserCreatable Add(string line) => Add(ObjectLine.Parse(line));

    public UserCreatable Add(ObjectLine line)
    {
        // QEMU rejects a duplicate id while parsing options, before it looks at the type.
        if (line.Id is not null && _byId.ContainsKey(line.Id))
        {
            throw new ObjectException(ErrorCodes.DuplicateId, $"Duplicate ID '{line.Id}' for object", line.Id, "id",
                "every -object needs its own id");
        }

        return Add(ObjectOptionsValidator.Validate(line, Catalog));
    }

    /// <summary>Creates an object of <paramref name="type"/> with properties given as text, in order.</summary>
    public UserCreatable Create(string type, string id, params IEnumerable<KeyValuePair<string, string>> properties)
    {
        var text = new System.Text.StringBuilder();
        text.Append(ObjectLineWriter.Escape(type)).Append(",id=").Append(ObjectLineWriter.Escape(id));
        foreach (var (name, value) in properties)
        {
            text.Append(',').Append(name).Append('=').Append(ObjectLineWriter.Escape(value));
        }

        return Add(text.ToString());
    }

    /// <summary>Creates and completes an object from options already checked (see <see cref="ObjectCommandLine"/>).</summary>
    internal UserCreatable Add(ValidatedObjectOptions options)
    {
        if (_byId.ContainsKey(options.Id))
        {
            throw new ObjectException(ErrorCodes.DuplicateId, $"Duplicate ID '{options.Id}' for object", options.Id, "id");
        }

        var obj = options.Type.Create(options.Id);
        try
        {
            // In QEMU's order (see QDictOrder), so that the same setter error wins.
            foreach (var (property, value) in QDictOrder.Sort(options.Type.Schema, options.Values))
            {
                obj.SetProperty(property, value, this);
            }

            // As in QEMU, the object is in /objects while it completes (a secret naming itself as its
            // own keyid finds itself, without data), and leaves again if completion fails.
            _byId[obj.Id] = obj;
            obj.Complete(this);
        }
        catch
        {
            _byId.Remove(obj.Id);
            obj.Dispose();
            throw;
        }

        if (QemuObjectTypes.RefusedSeedType(obj.TypeName) is { } refused)
        {
            obj.AddWarning(new ObjectWarning("qemu-refuses-type", refused.Message, refused.Hint));
        }

        _objects.Add(obj);
        foreach (var warning in options.Warnings)
        {
            Logger.LogWarning("object '{Id}': {Warning}", obj.Id, warning);
        }

        foreach (var warning in obj.Warnings)
        {
            Logger.LogWarning("object '{Id}': {Warning}", obj.Id, warning.Message);
        }

        return obj;
    }

    public UserCreatable? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The object <paramref name="id"/> as <typeparamref name="T"/>, or a typed error.</summary>
    public T Get<T>(string id)
        where T : UserCreatable
    {
        var obj = Find(id) ?? throw new ObjectException(ErrorCodes.ObjectNotFound, $"object '{id}' not found", id);
        return obj as T ?? throw new ObjectException(ErrorCodes.ObjectInvalid, $"object '{id}' is a {obj.TypeName}, not a {typeof(T).Name}", id);
    }

    public IEnumerable<T> OfType<T>() => _objects.OfType<T>();

    /// <summary>Deletes <paramref name="id"/> (QEMU's object-del): refused while the object is in use.</summary>
    public void Delete(string id)
    {
        var obj = Find(id) ?? throw new ObjectException(ErrorCodes.ObjectNotFound, $"object '{id}' not found", id);
        if (obj.IsInUse)
        {
            throw new ObjectException(ErrorCodes.ObjectInUse, $"object '{id}' is in use, can not be deleted", id,
                hint: "release what uses it first (sessions, open leases of its key material)");
        }

        _byId.Remove(id);
        _objects.Remove(obj);
        obj.Dispose();
    }

    public void Dispose()
    {
        for (var i = _objects.Count - 1; i >= 0; i--)
        {
            _objects[i].Dispose();
        }

        _objects.Clear();
        _byId.Clear();
        Keys.Dispose();
    }
}
