using Qcrypto.Cryptodev.VhostUser.Protocol;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

public enum VhostUserLogLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One event of the back-end server: which connection, how bad, the fault code when it is one, and the text.</summary>
public readonly record struct VhostUserLogEntry(VhostUserLogLevel Level, long Connection, VhostUserErrorCode? Code, string Message);
