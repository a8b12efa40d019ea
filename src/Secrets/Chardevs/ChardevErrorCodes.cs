namespace Qcrypto.Chardevs;

/// <summary>Stable codes of chardev errors (see <see cref="Qcrypto.Errors.ErrorCodes"/> for the rules).</summary>
public static class ChardevErrorCodes
{
    /// <summary>A <c>-chardev</c> line QEMU would refuse, or a backend qcrypto does not model.</summary>
    public const string Syntax = "chardev-syntax";
}
