using Qcrypto.Errors;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// Checks a parsed line against its type the way QEMU 7.2's options visitor does, and in the same
/// order: qom-type present and known, id present, then each property of the type in schema order
/// (missing mandatory ones, values of the wrong type), and only then unknown properties, of which it
/// names the one QEMU names (see <see cref="UnknownOptionOrder"/>).
/// </summary>
public static class ObjectOptionsValidator
{
    public static ValidatedObjectOptions Validate(ObjectLine line, ObjectTypeCatalog catalog) => Validate(line, catalog, null);

    /// <summary>
    /// As <see cref="Validate(ObjectLine, ObjectTypeCatalog)"/>; <paramref name="warnings"/> receives QEMU's
    /// warnings as it would print them (short-form booleans, then those of the values visited), also when
    /// the line is then refused.
    /// </summary>
    public static ValidatedObjectOptions Validate(ObjectLine line, ObjectTypeCatalog catalog, ICollection<string>? warnings)
    {
        var type = line.Type is null ? null : catalog.Find(line.Type);
        var all = new List<string>(line.WarningsFor(type?.Schema));
        foreach (var w in all)
        {
            warnings?.Add(w);
        }

        void Warn(string w)
        {
            all.Add(w);
            warnings?.Add(w);
        }

        if (line.Type is null)
        {
            throw new ObjectOptionException(ErrorCodes.MissingParameter, "Parameter 'qom-type' is missing", line.Id, "qom-type",
                "an -object line starts with the type, e.g. secret,id=sec0,file=pw.txt");
        }

        if (type is null)
        {
            throw new ObjectOptionException(ErrorCodes.UnknownType, $"Parameter 'qom-type' does not accept value '{line.Type}'", line.Id, "qom-type",
                UnknownTypeHint(line.Type, catalog));
        }

        if (line.Id is null)
        {
            throw new ObjectOptionException(ErrorCodes.MissingParameter, "Parameter 'id' is missing", null, "id",
                $"give the object an id: {line.Type},id=NAME,...");
        }

        var effective = line.EffectiveOptions();
        var given = effective.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var parsed = new Dictionary<string, PropertyValue>(StringComparer.Ordinal);
        var visited = new List<string> { "qom-type", "id" };
        foreach (var property in type.Schema.Properties)
        {
            if (property.IsStruct || (property.Within is { } within && !given.Contains(within)))
            {
                continue;
            }

            if (property.Kind == PropertyKind.UInt16List)
            {
                var values = line.Options.Where(o => o.Name == property.Name).Select(o => o.Value).ToList();
                if (values.Count > 0)
                {
                    parsed[property.Name] = PropertyValueParser.ParseList(property, values, line.Id);
                    visited.Add(property.Name);
                }

                continue;
            }

            if (property.Kind == PropertyKind.StructList && line.Options.FirstOrDefault(o => o.Name == property.Name) is { Name: not null } first)
            {
                throw StructListInDotted(property, first.Value, line.Id);
            }

            var option = effective.FirstOrDefault(o => o.Name == property.Name);
            if (option.Name is null)
            {
                if (property.Required)
                {
                    throw new ObjectOptionException(ErrorCodes.MissingParameter, $"Parameter '{property.Name}' is missing", line.Id, property.Name,
                        $"{type.Name} needs {property.Name}=: {property.Description}");
                }

                continue;
            }

            parsed[property.Name] = PropertyValueParser.Parse(property, option.Value, line.Id, Warn);
            visited.Add(property.Name);
        }

        if (type.Schema.ChecksOptions && effective.Any(o => !parsed.ContainsKey(o.Name)))
        {
            throw Unknown(line, type, visited);
        }

        var typed = effective
            .Where(o => parsed.ContainsKey(o.Name))
            .Select(o => (type.Schema.Find(o.Name)!, parsed[o.Name]))
            .ToList();
        return new ValidatedObjectOptions(type, line.Id, typed, all);
    }

    /// <summary>
    /// A list of structs on a dotted line: QEMU 7.2's options visitor gives the value to each member of the first
    /// element in turn, so the first required member refusing it names the error ("Parameter 'policy' does not
    /// accept value 'x'"); when none refuses, QEMU aborts on an assertion, which we turn into an error.
    /// </summary>
    private static ObjectOptionException StructListInDotted(PropertySchema property, string value, string? id)
    {
        foreach (var member in property.Members.TakeWhile(m => m.Required))
        {
            try
            {
                PropertyValueParser.Parse(member, value, id);
            }
            catch (ObjectOptionException e)
            {
                return new ObjectOptionException(e.Code, e.QemuMessage, id, property.Name, $"give {property.Name} in the JSON form of -object");
            }
        }

        return new ObjectOptionException(ErrorCodes.InvalidParameter, $"Parameter '{property.Name}' takes a list of structs, which only the JSON form can give",
            id, property.Name, $"write the object in the JSON form: {{\"qom-type\": ..., \"{property.Name}\": [...]}} (QEMU 7.2 aborts on this dotted line)");
    }

    /// <summary>"Invalid parameter" for the unknown option QEMU names; by position if it may be part of a secret.</summary>
    private static ObjectOptionException Unknown(ObjectLine line, ObjectType type, List<string> visited)
    {
        var name = UnknownOptionOrder.FirstLeft(line.QemuOptNames(), visited)
            ?? line.EffectiveOptions().First(o => !visited.Contains(o.Name)).Name;
        var position = line.Options.First(o => o.Name == name).Position;
        if (SecretSpill.Suspects(line, type.Schema).TryGetValue(position, out var secret))
        {
            return new ObjectOptionException(ErrorCodes.InvalidParameter, $"Invalid parameter in element {position} of the line ({SecretSpill.Why(secret)})",
                line.Id, secret, $"double every comma inside the value ({secret}=a,,b), or remove element {position}");
        }

        return new ObjectOptionException(ErrorCodes.InvalidParameter, $"Invalid parameter '{name}'", line.Id, name,
            NameSuggester.Hint(name, type.Schema.Properties.Where(p => !p.IsStruct).Select(p => p.Name))
                ?? $"{type.Name} takes: {string.Join(", ", type.Schema.Properties.Where(p => p.ShownInHelp).Select(p => p.Name))}");
    }

    internal static Advice UnknownTypeHint(string name, ObjectTypeCatalog catalog)
    {
        if (QemuObjectTypes.HelpOnlyAlias(name) is { } parsed)
        {
            return $"QEMU 7.2 has a class {name} but its -object parser refuses the name; it accepts '{parsed}' (and then cannot create it)";
        }

        return NameSuggester.Hint(name, catalog.Types.Select(t => t.Name))
            ?? new Advice("run '{0}' for the list of types", new ToolAction(ToolTask.ListObjectTypes, "-object help"));
    }
}
