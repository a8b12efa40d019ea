namespace Qcrypto.Errors;

/// <summary>
/// An object could not be created, completed, found or deleted: a property setter refused its value,
/// completion (loading) failed, or the registry refused the operation.
/// </summary>
public class ObjectException : QcryptoException
{
    public ObjectException(string code, string qemuMessage, string? objectId = null, string? property = null, Advice? hint = null, Exception? inner = null)
        : base(code, qemuMessage, objectId, property, hint, inner)
    {
    }
}
