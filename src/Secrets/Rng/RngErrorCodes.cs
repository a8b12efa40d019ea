namespace Qcrypto.Rng;

/// <summary>Stable codes of rng backend errors (see <see cref="Qcrypto.Errors.ErrorCodes"/> for the rules).</summary>
public static class RngErrorCodes
{
    public const string Open = "rng-open";
    public const string Read = "rng-read";
    public const string ChardevNotFound = "chardev-not-found";
    public const string ChardevConnect = "chardev-connect";
}
