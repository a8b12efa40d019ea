using Qcrypto.TestSupport;

namespace Qcrypto.Interop.Tests;

/// <summary>The files the QMP transcript names: master keys, a test PKI (as libvirt's tests use it) and a PSK file.</summary>
public sealed partial class QmpTranscriptTests
{
    // libvirt's test password: the key of enc/server-key.pem and the plaintext of its fake secrets.
    private const string KeyPassword = LibvirtPlaintext;

    /// <summary>The transcript with @KEY@, @ZEROKEY@, @PKI@, @PSK@ and @TMP@ filled in.</summary>
    private static string Fixtures(TempDir dir)
    {
        // libvirt's test master key: the bytes 00..1f (its fake ciphertexts decrypt with it).
        var key = dir.Private("master-key.aes", [.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
        var zero = dir.Private("zero.key", new byte[32]);
        var psk = dir.Sub("psk");
        File.WriteAllText(Path.Combine(psk, "keys.psk"), "bob:0123456789abcdef0123456789abcdef\n");
        var pki = TestPki.Create(dir.Sub("pki"), KeyPassword);
        var text = File.ReadAllText(Path.Combine(SourceDirectory(), "Qmp", "transcript.jsonl"));
        return text.Replace("@KEY@", key, StringComparison.Ordinal).Replace("@ZEROKEY@", zero, StringComparison.Ordinal)
            .Replace("@PKI@", pki, StringComparison.Ordinal).Replace("@PSK@", psk, StringComparison.Ordinal)
            .Replace("@TMP@", dir.Path, StringComparison.Ordinal);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") => Path.GetDirectoryName(sourceFile)!;
}
