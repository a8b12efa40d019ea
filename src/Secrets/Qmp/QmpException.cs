namespace Qcrypto.Qmp;

/// <summary>A QMP error reply: QEMU's error class (<see cref="QmpErrorClass"/>) and description.</summary>
public sealed class QmpException : Exception
{
    public QmpException(string errorClass, string description)
        : base(description)
    {
        ErrorClass = errorClass;
    }

    public QmpException()
        : this(QmpErrorClass.GenericError, "")
    {
    }

    public QmpException(string message)
        : this(QmpErrorClass.GenericError, message)
    {
    }

    public QmpException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorClass = QmpErrorClass.GenericError;
    }

    /// <summary>QapiErrorClass: GenericError, CommandNotFound, DeviceNotFound, ...</summary>
    public string ErrorClass { get; }
}

/// <summary>The QAPI error classes qcrypto's QMP replies use (QEMU 7.2's QapiErrorClass names).</summary>
public static class QmpErrorClass
{
    public const string GenericError = "GenericError";
    public const string CommandNotFound = "CommandNotFound";
    public const string DeviceNotFound = "DeviceNotFound";
}
