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
}
