using Qcrypto.Errors;

namespace Qcrypto.Cryptodev.VhostUser;

/// <summary>A vhost-user server or front-end could not start or lost its peer; the code says which.</summary>
public sealed class VhostUserException : QcryptoException
{
    public const string BadOption = "vhost-user-bad-option";
    public const string SocketFailed = "vhost-user-socket";
    public const string ProtocolError = "vhost-user-protocol";
    public const string BackendGone = "vhost-user-backend-gone";
    public const string NotSupported = "vhost-user-not-supported";

    public VhostUserException(string code, string message, string? property = null, string? objectId = null, string? hint = null)
        : base(code, message, objectId, property, hint, null)
    {
    }
}
