using Qcrypto.Objects;

namespace Qcrypto.Cli;

/// <summary>QEMU's <c>-object help</c> and <c>-object TYPE,help</c> output, with our descriptions.</summary>
public static class ObjectHelp
{
    public static void Print(ObjectTypeCatalog catalog, string? type, TextWriter output)
    {
        if (type is null or "help" or "?")
        {
            output.WriteLine("List of user creatable objects:");
            foreach (var t in catalog.Types)
            {
                output.WriteLine($"  {t.Name,-28}{(t.IsSchemaOnly ? "(validated only)" : "(implemented)"),-18}{t.Schema.Description}");
            }

            return;
        }

        var found = catalog.Find(type) ?? throw new UsageException($"Parameter 'qom-type' does not accept value '{type}'",
            "run 'qcrypto object check --object help' for the list of types");
        output.WriteLine($"{found.Name} options:");
        foreach (var p in found.Schema.Properties.Where(p => p.ShownInHelp).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var extra = p.Required ? " (required)" : p.Default is not null ? $" (default: {p.Default})" : string.Empty;
            var values = p.EnumValues.Count > 0 ? $" [{string.Join("|", p.EnumValues)}]" : string.Empty;
            output.WriteLine($"  {p.Name}=<{p.HelpType}> - {p.Description}{values}{extra}");
        }
    }
}
