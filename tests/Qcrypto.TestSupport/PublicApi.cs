using System.Reflection;
using PublicApiGenerator;

namespace Qcrypto.TestSupport;

/// <summary>
/// Pins an assembly's public API: its text (PublicApiGenerator) must equal the checked-in
/// golden/&lt;assembly&gt;.publicapi.txt beside the test. A change of the public surface is then a visible diff.
/// </summary>
public static class PublicApi
{
    public static void Matches(Assembly assembly, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        var options = new ApiGeneratorOptions { IncludeAssemblyAttributes = false };
        var text = assembly.GeneratePublicApi(options).ReplaceLineEndings("\n") + "\n";
        Golden.MatchIn(Golden.DirectoryOf(sourceFile), assembly.GetName().Name + ".publicapi.txt", text);
    }

    /// <summary>
    /// Every public type of <paramref name="assembly"/> has its XML documentation (the library's .xml beside it):
    /// what CS1591 would demand of the types, without demanding it of every member.
    /// </summary>
    public static void TypesAreDocumented(Assembly assembly)
    {
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(xml), $"{xml} is missing (GenerateDocumentationFile)");
        var documented = System.Xml.Linq.XDocument.Load(xml).Descendants("member")
            .Select(m => (string?)m.Attribute("name")).Where(n => n is not null && n.StartsWith("T:", StringComparison.Ordinal))
            .Select(n => n![2..]).ToHashSet(StringComparer.Ordinal);
        var undocumented = assembly.GetExportedTypes().Select(t => t.FullName!.Replace('+', '.')).Where(n => !documented.Contains(n)).Order().ToList();
        Assert.True(undocumented.Count == 0, $"public types without a <summary>: {string.Join(", ", undocumented)}");
    }
}
