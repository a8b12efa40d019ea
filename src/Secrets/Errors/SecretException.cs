namespace Qcrypto.Errors;

/// <summary>
/// A secret could not be loaded, decrypted or looked up. The message never contains the secret, the
/// master key or the plaintext: only lengths, ids, file names and QEMU's wording.
/// </summary>
public sealed class SecretException : ObjectException
{
    public SecretException(string code, string qemuMessage, string? objectId = null, string? property = null, Advice? hint = null, Exception? inner = null)
        : base(code, qemuMessage, objectId, property, hint, inner)
    {
    }

    /// <summary>The same error, now attributed to the object and property it arose in.</summary>
    public SecretException At(string objectId, string? property) =>
        ObjectId is null ? new SecretException(Code, QemuMessage, objectId, property ?? Property, Fix, InnerException) : this;
}
