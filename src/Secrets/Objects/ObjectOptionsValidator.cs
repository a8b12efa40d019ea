using Qcrypto.Errors;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// Checks a parsed line against its type the way QEMU 7.2's options visitor does, and in the same
/// order: qom-type present and known, id present, then each property of the type in schema order
/// (missing mandatory ones, values of the wrong type), and only then unknown properties.
/// </summary>
public static class ObjectOptionsValidator
{
    public static ValidatedObjectOptions Validate(ObjectLine line, ObjectTypeCatalog catalog)
    {
        if (line.Type is null)
        {
            throw new ObjectOptionException(ErrorCodes.MissingParameter, "Parameter 'qom-type' is missing", line.Id, "qom-type",
                "an -object line starts with the type, e.g. secret,id=sec0,file=pw.txt");
        }

        var type = catalog.Find(line.Type) ?? throw new ObjectOptionException(ErrorCodes.UnknownType,
            $"Parameter 'qom-type' does not accept value '{line.Type}'", line.Id, "qom-type",
            NameSuggester.Hint(line.Type, catalog.Types.Select(t => t.Name)) ?? "run 'qcrypto object check --object help' for the list of types");

        if (line.Id is null)
        {
            throw new ObjectOptionException(ErrorCodes.MissingParameter, "Parameter 'id' is missing", null, "id",
                $"give the object an id: {line.Type},id=NAME,...");
        }

        var effective = line.EffectiveOptions();
        var parsed = new Dictionary<string, PropertyValue>(StringComparer.Ordinal);
        foreach (var property in type.Schema.Properties)
        {
            if (property.Kind == PropertyKind.UInt16List)
            {
                var all = line.Options.Where(o => o.Name == property.Name).Select(o => o.Value).ToList();
                if (all.Count > 0)
                {
                    parsed[property.Name] = PropertyValueParser.ParseList(property, all, line.Id);
                }

                continue;
            }

            var given = effective.FirstOrDefault(o => o.Name == property.Name);
            if (given.Name is null)
            {
                if (property.Required)
                {
                    throw new ObjectOptionException(ErrorCodes.MissingParameter, $"Parameter '{property.Name}' is missing", line.Id, property.Name,
                        $"{type.Name} needs {property.Name}=: {property.Description}");
                }

                continue;
            }

            parsed[property.Name] = PropertyValueParser.Parse(property, given.Value, line.Id);
        }

        foreach (var option in effective)
        {
            if (type.Schema.Find(option.Name) is null)
            {
                throw new ObjectOptionException(ErrorCodes.InvalidParameter, $"Invalid parameter '{option.Name}'", line.Id, option.Name,
                    NameSuggester.Hint(option.Name, type.Schema.Properties.Select(p => p.Name))
                        ?? $"{type.Name} takes: {string.Join(", ", type.Schema.Properties.Where(p => p.ShownInHelp).Select(p => p.Name))}");
            }
        }

        var values = effective
            .Where(o => parsed.ContainsKey(o.Name))
            .Select(o => (type.Schema.Find(o.Name)!, parsed[o.Name]))
            .ToList();
        return new ValidatedObjectOptions(type, line.Id, values, line.Warnings);
    }
}
