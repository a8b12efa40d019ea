using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects.Json;
using Qcrypto.SecretObjects;

namespace Qcrypto.Objects;

/// <summary>
/// QEMU's /objects container: creates objects from <c>-object</c> lines in order, finds them by id or
/// type, and deletes them unless something still uses them. It owns the <see cref="KeyStore"/> all its
/// objects share.
/// </summary>
/// <remarks>Not thread-safe for creation and deletion (as QEMU's main loop); the key store is.</remarks>
public sealed partial class ObjectRegistry : IDisposable
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

    /// <summary>
    /// Parses, validates, creates and completes one object from an <c>-object</c> argument: the dotted form,
    /// or the JSON form when its first character is '{' (see <see cref="JsonObjectOptions"/>).
    /// </summary>
    public UserCreatable Add(string line) =>
        JsonObjectOptions.IsJson(line) ? Add(JsonObjectOptions.Validate(line, Catalog)) : Add(ObjectLine.Parse(line));

    /// <summary>
    /// Creates an object from JSON already parsed, as QMP's object-add does with its arguments
    /// (<c>{"qom-type": ..., "id": ..., ...}</c>): QEMU's visitor rules and messages, then creation.
    /// </summary>
    public UserCreatable Add(System.Text.Json.JsonElement arguments) => Add(JsonObjectOptions.Validate(arguments, Catalog));

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
    /// <remarks>
    /// As QEMU's user_creatable_add_type: the id's form is checked first (the JSON form reaches here
    /// unchecked), then the properties are set, then the id is added to /objects (a taken id fails there:
    /// the dotted form's QemuOpts only know dotted lines), then the object is completed.
    /// </remarks>
    internal UserCreatable Add(ValidatedObjectOptions options)
    {
        if (!Identifier.IsWellFormed(options.Id))
        {
            throw new ObjectOptionException(ErrorCodes.InvalidId, "Parameter 'id' expects an identifier", options.Id, "id", Identifier.Hint);
        }

        var obj = options.Type.Create(options.Id);
        try
        {
            // In QEMU's order (see QDictOrder), so that the same setter error wins.
            foreach (var (property, value) in QDictOrder.Sort(options.Type.Schema, options.Values))
            {
                obj.SetProperty(property, value, this);
            }

            ObjectsContainerExists = true;
            if (_byId.ContainsKey(obj.Id))
            {
                throw new ObjectException(ErrorCodes.DuplicateId, $"attempt to add duplicate property '{obj.Id}' to object (type 'container')", obj.Id, "id",
                    "every -object needs its own id");
            }

            // As in QEMU, the object is in /objects while it completes (a secret naming itself as its
            // own keyid finds itself, without data), and leaves again if completion fails.
            _byId[obj.Id] = obj;
            ChildAdded(obj.Id);
            obj.Complete(this);
        }
        catch
        {
            if (_byId.GetValueOrDefault(obj.Id) == obj)
            {
                _byId.Remove(obj.Id);
                ChildRemoved(obj.Id);
            }

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
        ChildRemoved(id);
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
