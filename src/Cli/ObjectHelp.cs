using Qcrypto.Objects;

namespace Qcrypto.Cli;

/// <summary>QEMU's <c>-object help</c> and <c>-object TYPE,help</c> output, with our descriptions.</summary>
internal static class ObjectHelp
{
    public static void Print(ObjectTypeCatalog catalog, string? type, TextWriter output)
    {
        if (type is null or "help" or "?")
        {
            output.WriteLine("List of user creatable objects:");
            foreach (var t in catalog.Types.Where(t => !t.QemuHasNoClass))
            {
                var status = !t.IsSchemaOnly ? "(implemented)" : t.IsModelled ? "(validated only)" : "(not modelled)";
                output.WriteLine($"  {t.Name,-28}{status,-18}{t.Schema.Description}");
            }

            return;
        }

        var found = catalog.Find(QemuObjectTypes.HelpOnlyAlias(type) ?? type) ?? throw new UsageException(
            $"Parameter 'qom-type' does not accept value '{type}'", "run 'qcrypto object check --object help' for the list of types");
        var shown = found.Schema.Properties.Where(p => p.ShownInHelp).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        if (shown.Count == 0)
        {
            output.WriteLine($"There are no options for {type}.");
            return;
        }

        output.WriteLine($"{type} options:");
        foreach (var p in shown)
        {
            var extra = p.Required ? " (required)" : p.Default is not null ? $" (default: {p.Default})" : string.Empty;
            var values = p.EnumValues.Count > 0 ? $" [{string.Join("|", p.EnumValues)}]" : string.Empty;
            output.WriteLine($"  {p.Name}=<{p.HelpType}> - {p.Description}{values}{extra}");
        }
    }
}
