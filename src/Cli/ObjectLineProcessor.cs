using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Cli;

/// <summary>The outcome of one <c>-object</c> line: the object made from it, or why none was.</summary>
public sealed record ObjectLineResult(int Index, string? Type, string? Id, UserCreatable? Object, QcryptoException? Error, IReadOnlyList<string> ParseWarnings)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Feeds <c>-object</c> lines to one registry in order, as an emulator would, and keeps going after a
/// failing line so every problem is reported at once. Lines are never echoed: they may hold secrets.
/// </summary>
public static class ObjectLineProcessor
{
    public static List<ObjectLineResult> Run(ObjectRegistry registry, IReadOnlyList<string> lines)
    {
        var results = new List<ObjectLineResult>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            ObjectLine? parsed = null;
            try
            {
                parsed = ObjectLine.Parse(lines[i]);
                var obj = registry.Add(parsed);
                results.Add(new ObjectLineResult(i, obj.TypeName, obj.Id, obj, null, parsed.Warnings));
            }
            catch (QcryptoException e)
            {
                results.Add(new ObjectLineResult(i, parsed?.Type, parsed?.Id ?? e.ObjectId, null, e, parsed?.Warnings ?? []));
            }
        }

        return results;
    }

    /// <summary>Runs the lines and throws the first error (for verbs that need every object).</summary>
    public static ObjectRegistry Build(IReadOnlyList<string> lines, bool allowWorldReadable)
    {
        var registry = Registries.Create(allowWorldReadable);
        try
        {
            foreach (var result in Run(registry, lines))
            {
                foreach (var warning in result.ParseWarnings)
                {
                    Diagnostics.Warning($"object '{result.Id}': {warning}");
                }

                if (result.Error is not null)
                {
                    throw result.Error;
                }

                Diagnostics.Warnings(result.Object!);
            }

            return registry;
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }
}
