using Qcrypto.Cryptodev.VhostUser.Protocol;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>How bad a back-end server event is: information, a warning (the connection goes on), an error (it is dropped).</summary>
public enum VhostUserLogLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One event of the back-end server: which connection, how bad, the fault code when it is one, and the text.</summary>
public readonly record struct VhostUserLogEntry(VhostUserLogLevel Level, long Connection, VhostUserErrorCode? Code, string Message);
