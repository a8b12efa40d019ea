namespace Qcrypto.Interop.Tests.Libvirt;

/// <summary>A distinct <c>-object</c> argument of libvirt's test data, with the rows it needs created first.</summary>
internal sealed record LibvirtObject(int N, int Count, string FirstFile, string QomType, IReadOnlyList<int> Prereqs, string Argument);

/// <summary>A libvirt-encrypted secret and the plaintext python3-cryptography decrypted it to.</summary>
internal sealed record LibvirtSecret(string File, string Id, string Plaintext, string Argument);

/// <summary>The checked-in libvirt 9.0.0 test data (Libvirt/README.md): tab-separated files, '#' comments.</summary>
internal static class LibvirtData
{
    public static string Folder { get; } = SourceFolder();

    public static string ArgsFile(string name) => Path.Combine(Folder, "args", name);

    public static IReadOnlyList<LibvirtObject> Objects() => [.. Rows("objects.tsv").Select(r => new LibvirtObject(
        int.Parse(r[0], CultureInfo.InvariantCulture), int.Parse(r[1], CultureInfo.InvariantCulture), r[2], r[3],
        [.. r[4].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))], r[5]))];

    public static IReadOnlyList<LibvirtSecret> Secrets() => [.. Rows("secrets.tsv").Select(r => new LibvirtSecret(r[0], r[1], r[2], r[3]))];

    /// <summary>Each file of args/ with its -object arguments in argv order.</summary>
    public static IReadOnlyList<(string File, IReadOnlyList<string> Arguments)> Files() =>
        [.. Rows("files.tsv").GroupBy(r => r[0]).Select(g => (g.Key, (IReadOnlyList<string>)[.. g.OrderBy(r => int.Parse(r[1], CultureInfo.InvariantCulture)).Select(r => r[2])]))];

    private static IEnumerable<string[]> Rows(string name) =>
        File.ReadAllLines(Path.Combine(Folder, name)).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'));

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") => Path.GetDirectoryName(sourceFile)!;
}
