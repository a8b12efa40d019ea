using System.Text;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Json;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Cli.ObjectArguments;

/// <summary>
/// <c>qcrypto object check --print dotted|json</c>: each argument converted to the other form (or to the
/// canonical one of its own form), after QEMU's option checks only: nothing is created, no file is read,
/// no secret is decrypted. Canonical forms round-trip exactly: dotted → JSON → dotted gives the canonical
/// dotted line back, JSON → dotted → JSON the canonical JSON.
/// </summary>
internal static class ObjectPrint
{
    /// <summary>The argument in <paramref name="form"/>, or a typed error (its options fail, or the dotted form cannot say it).</summary>
    public static string Convert(string argument, string form, ObjectTypeCatalog catalog)
    {
        var options = JsonObjectOptions.IsJson(argument)
            ? JsonObjectOptions.Validate(argument, catalog)
            : ObjectOptionsValidator.Validate(ObjectLine.Parse(argument), catalog);
        return form == "json" ? ObjectJsonWriter.Write(options) : Dotted(options);
    }

    /// <summary>The canonical dotted line: type, id, the values in the order given (the last of a repeated name), commas doubled.</summary>
    public static string Dotted(ValidatedObjectOptions options)
    {
        var sb = new StringBuilder();
        Append(sb, options.Type.Name, options.Id, "qom-type");
        sb.Append(",id=");
        Append(sb, options.Id, options.Id, "id");
        foreach (var (property, value) in options.Values)
        {
            switch (value.Kind)
            {
                case PropertyKind.StructList:
                    throw new ObjectOptionException(ErrorCodes.InvalidParameter,
                        $"Parameter '{property.Name}' is a list of structs, which the dotted form cannot give", options.Id, property.Name,
                        "keep this object in the JSON form (--print json)");
                case PropertyKind.UInt16List:
                    foreach (var element in value.List!)
                    {
                        sb.Append(',').Append(property.Name).Append('=').Append(element);
                    }

                    continue;
                default:
                    sb.Append(',').Append(property.Name).Append('=');
                    Append(sb, value.Canonical, options.Id, property.Name);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A value with its commas doubled; a NUL (possible in JSON as \u0000) has no dotted spelling.</summary>
    private static void Append(StringBuilder sb, string value, string id, string property)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ObjectOptionException(ErrorCodes.InvalidParameterValue,
                $"Parameter '{property}' holds a NUL character, which a dotted -object argument cannot carry", id, property,
                "keep this object in the JSON form (--print json)");
        }

        ObjectLineWriter.AppendEscaped(sb, value);
    }
}
