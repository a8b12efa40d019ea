namespace Qcrypto.Objects;

/// <summary>
/// QEMU's rule for object ids (id_wellformed): a letter, then letters, digits, '-', '.' or '_'.
/// </summary>
public static class Identifier
{
    /// <summary>QEMU's hint line that follows an id error.</summary>
    public const string Hint = "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.";

    public static bool IsWellFormed(string id)
    {
        if (id.Length == 0 || !char.IsAsciiLetter(id[0]))
        {
            return false;
        }

        foreach (var c in id.AsSpan(1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
