using Qcrypto.Errors;

namespace Qcrypto.Pkcs11;

/// <summary>
/// A PKCS#11 master key could not be used: the URI, the module, the token, the login, the key object.
/// <see cref="ReturnValue"/> is the module's CKR_ name when it said one. Never contains the PIN.
/// </summary>
public sealed class Pkcs11Exception : ObjectException
{
    public Pkcs11Exception(string code, string message, string? property = null, Advice? hint = null, string? returnValue = null, string? objectId = null)
        : base(code, message, objectId, property, hint)
    {
        ReturnValue = returnValue;
    }

    /// <summary>The module's return value (CKR_PIN_INCORRECT, ...), or null when the failure was not the module's.</summary>
    public string? ReturnValue { get; }

    /// <summary>The same error, attributed to the object <paramref name="objectId"/> (kept if it already names one).</summary>
    public Pkcs11Exception At(string objectId) =>
        ObjectId is null ? new Pkcs11Exception(Code, QemuMessage, Property, Fix, ReturnValue, objectId) : this;
}
