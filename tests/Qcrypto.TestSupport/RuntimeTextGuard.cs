using System.Text.RegularExpressions;

namespace Qcrypto.TestSupport;

/// <summary>
/// Fails a test when qcrypto printed .NET runtime text. NativeAOT (and the CLI's UseSystemResourceKeys,
/// in the JIT build too) reduces every runtime exception message to its resource key, e.g.
/// "IO_FileNotFound_FileName, /x", "Argument_PemImport_NoPemFound Arg_ParamName_Name, input",
/// "Cryptography_X509_NoPemCertificate", and System.Text.Json's "ExpectedStartOfPropertyNotFound, b
/// LineNumber: 0 | BytePositionInLine: 1."; a user must get QEMU's or glib's words instead. Every test
/// runner that starts the CLI passes its output through <see cref="AssertClean"/>.
/// </summary>
public static partial class RuntimeTextGuard
{
    /// <summary>The key form: Prefix_Rest (Arg_, IO_, UnauthorizedAccess_, Cryptography_, net_ ...), not inside a path or word.</summary>
    [GeneratedRegex(@"(?<![\w/.\-])(?:IO|net|[A-Z][a-z]+[A-Za-z]*)_[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?![\w/.\-])")]
    private static partial Regex ResourceKey();

    /// <summary>System.Text.Json's position suffix, which follows its (underscore-free) keys.</summary>
    [GeneratedRegex(@"LineNumber: \d+ \| BytePositionInLine: \d+")]
    private static partial Regex JsonPosition();

    /// <summary>The first runtime text in <paramref name="output"/>, or null.</summary>
    public static string? Find(string output)
    {
        var m = ResourceKey().Match(output);
        if (m.Success)
        {
            return m.Value;
        }

        m = JsonPosition().Match(output);
        return m.Success ? m.Value : null;
    }

    /// <summary>
    /// Checks a CLI run: stderr always, stdout unless it is data rather than messages (the plaintext
    /// <c>secret decrypt</c> prints, which may be any bytes).
    /// </summary>
    public static void AssertClean(IEnumerable<string> args, string stdout, string stderr)
    {
        var list = args.ToList();
        var what = "qcrypto " + string.Join(' ', list.Select(a => a.Length > 100 ? a[..100] + "..." : a));
        var data = list.Contains("decrypt") && !list.Contains("--json");
        AssertClean(data ? stderr : stdout + stderr, what);
    }

    public static void AssertClean(string output, string what)
    {
        var found = Find(output);
        Assert.True(found is null, $"{what} printed .NET runtime text ('{found}'), not QEMU's/our words:\n{output}");
    }
}
