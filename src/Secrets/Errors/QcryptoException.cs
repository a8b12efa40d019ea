namespace Qcrypto.Errors;

/// <summary>
/// Base of every error qcrypto reports. <see cref="QemuMessage"/> is the text QEMU 7.2 prints for the
/// same fault (or our own wording where QEMU has none); <see cref="Exception.Message"/> adds the object
/// id and property it concerns. Neither ever contains key material.
/// </summary>
public abstract class QcryptoException : Exception
{
    protected QcryptoException(string code, string qemuMessage, string? objectId, string? property, Advice? fix, Exception? inner)
        : base(Compose(qemuMessage, objectId, property), inner)
    {
        Code = code;
        QemuMessage = qemuMessage;
        ObjectId = objectId;
        Property = property;
        Fix = fix;
    }

    /// <summary>Stable, machine-readable error code (see <see cref="ErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>The bare message, worded as QEMU words it.</summary>
    public string QemuMessage { get; }

    /// <summary>The id of the object the error concerns, when known.</summary>
    public string? ObjectId { get; }

    /// <summary>The property the error concerns, when known.</summary>
    public string? Property { get; }

    /// <summary>How to fix it, when we know: as data, for a front end to word (see <see cref="Advice"/>).</summary>
    public Advice? Fix { get; }

    /// <summary>The fix as one line in the library's words, when we have one.</summary>
    public string? Hint => Fix?.ToString();

    private static string Compose(string message, string? objectId, string? property)
    {
        if (objectId is null && property is null)
        {
            return message;
        }

        var where = objectId is null ? $"property '{property}'"
            : property is null ? $"object '{objectId}'"
            : $"object '{objectId}' property '{property}'";
        return $"{where}: {message}";
    }
}
