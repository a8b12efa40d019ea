using Qcrypto.Errors;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// Base of every object made from an <c>-object</c> line (QEMU's TYPE_USER_CREATABLE): properties are
/// set one by one in the order QEMU sets them (see <see cref="QDictOrder"/>), then
/// <see cref="Complete"/> loads the object. Subclasses act on <see cref="OnPropertySet"/> and
/// <see cref="OnComplete"/>, and free what they hold in <see cref="OnDispose"/>.
/// </summary>
public abstract class UserCreatable : IDisposable
{
    private readonly List<(PropertySchema Property, PropertyValue Value)> _values = [];
    private readonly List<ObjectWarning> _warnings = [];
    private int _references;
    private bool _disposed;

    protected UserCreatable(ObjectType type, string id)
    {
        Type = type;
        Id = id;
    }

    public string Id { get; }

    public ObjectType Type { get; }

    public string TypeName => Type.Name;

    /// <summary>True once <see cref="Complete"/> succeeded.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>The registry the object was completed in (null before).</summary>
    protected ObjectRegistry? Registry { get; private set; }

    /// <summary>The properties set, in the order they were set (last value per name).</summary>
    public IReadOnlyList<(PropertySchema Property, PropertyValue Value)> Values => _values;

    public IReadOnlyList<ObjectWarning> Warnings => _warnings;

    /// <summary>True while something uses this object; the registry then refuses to delete it.</summary>
    public virtual bool IsInUse => Volatile.Read(ref _references) > 0;

    /// <summary>Marks the object as used until the returned handle is disposed.</summary>
    public IDisposable Use()
    {
        Interlocked.Increment(ref _references);
        return new UseHandle(this);
    }

    public PropertyValue? Get(string name)
    {
        foreach (var (property, value) in _values)
        {
            if (property.Name == name)
            {
                return value;
            }
        }

        return null;
    }

    internal void SetProperty(PropertySchema property, PropertyValue value, ObjectRegistry? registry = null)
    {
        if (property.IsReadOnly)
        {
            throw new ObjectException(ErrorCodes.PropertyNotWritable, $"Property '{TypeName}.{property.Name}' is not writable", Id, property.Name,
                $"remove {property.Name}= from the line");
        }

        foreach (var check in Type.Schema.SetterChecks)
        {
            if (check.Property == property.Name && check.Check(value) is { } message)
            {
                throw new ObjectException(ErrorCodes.InvalidParameterValue, message, Id, property.Name);
            }
        }

        if (registry is not null && property.LinkTo is { } target && QomLink.Check(registry, property, value.Text, target) is { } linkError)
        {
            throw new ObjectException(ErrorCodes.InvalidParameterValue, linkError, Id, property.Name,
                $"{property.Name} names the id of a {target} object created before this one");
        }

        OnPropertySet(property, value);
        _values.RemoveAll(v => v.Property.Name == property.Name);
        _values.Add((property, value));
    }

    internal void Complete(ObjectRegistry registry)
    {
        Registry = registry;
        OnComplete(registry);
        IsCompleted = true;
    }

    /// <summary>Applies one property; throw <see cref="ObjectException"/> to refuse it.</summary>
    protected virtual void OnPropertySet(PropertySchema property, PropertyValue value)
    {
    }

    /// <summary>All properties are set: check them together and load.</summary>
    protected abstract void OnComplete(ObjectRegistry registry);

    protected virtual void OnDispose()
    {
    }

    protected void Warn(string code, string message, string? hint = null) => _warnings.Add(new ObjectWarning(code, message, hint));

    internal void AddWarning(ObjectWarning warning) => _warnings.Add(warning);

    /// <summary>True if the value of <paramref name="property"/> must not be printed (key material).</summary>
    public virtual bool IsSensitive(PropertySchema property) => property.IsSensitive;

    /// <summary>The object as a canonical <c>-object</c> line; sensitive values redacted unless asked.</summary>
    public string ToObjectLine(bool redactSensitive = true) => ObjectLineWriter.Write(this, redactSensitive);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            OnDispose();
        }

        GC.SuppressFinalize(this);
    }

    private sealed class UseHandle(UserCreatable owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref owner._references);
            }
        }
    }
}
