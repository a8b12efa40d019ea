using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// Finds the elements of a line that may be the rest of a secret value: with an undoubled comma,
/// <c>data=hunter2,letmein</c> splits the password and "letmein" becomes an option name, which QEMU then
/// echoes ("Invalid parameter 'letmein'", a short-form warning). We never print those names: an element
/// is suspect when it is a bare word (no '='), its name is not a property of the type, and it follows a
/// sensitive property's element (directly, or through other unknown elements). Messages name its position
/// instead. An unknown <c>name=value</c> element is named as QEMU names it: it reads as a misspelt option,
/// and hiding those would hide which option QEMU refuses.
/// </summary>
internal static class SecretSpill
{
    /// <summary>Suspect element positions, each with the sensitive property it follows.</summary>
    public static IReadOnlyDictionary<int, string> Suspects(ObjectLine line, ObjectTypeSchema? schema)
    {
        var suspects = new Dictionary<int, string>();
        if (schema is null || !schema.Properties.Any(p => p.IsSensitive))
        {
            return suspects;
        }

        string? after = null;
        foreach (var option in line.Options)
        {
            var property = schema.Find(option.Name);
            if (property is not null)
            {
                after = property.IsSensitive ? property.Name : null;
            }
            else if (after is not null && option.Flag is not null)
            {
                suspects[option.Position] = after;
            }
        }

        return suspects;
    }

    /// <summary>Why an element is not named, and how to fix a split value.</summary>
    public static string Why(string property) =>
        $"not named: it follows {property}= and may be part of its value; a comma inside a value is written ',,'";
}
