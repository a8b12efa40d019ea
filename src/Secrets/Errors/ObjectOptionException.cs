namespace Qcrypto.Errors;

/// <summary>
/// An <c>-object</c> line is malformed, names an unknown type or property, misses a mandatory property
/// or gives a value of the wrong type. Raised before any object is created.
/// </summary>
public sealed class ObjectOptionException : QcryptoException
{
    public ObjectOptionException(string code, string qemuMessage, string? objectId = null, string? property = null, Advice? hint = null)
        : base(code, qemuMessage, objectId, property, hint, null)
    {
    }
}
