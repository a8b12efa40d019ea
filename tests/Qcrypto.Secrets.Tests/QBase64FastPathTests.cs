using CsCheck;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>The vectorised decoder may only be used where it gives glib's bytes exactly.</summary>
public class QBase64FastPathTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n";

    [Fact]
    public void CanonicalDecodingAgreesWithGlibOnRandomValidText()
    {
        // Any text of the allowed characters: where the fast path answers, it must answer as glib does.
        Gen.Char[Alphabet].Array[0, 64].Sample(chars => Agree(System.Text.Encoding.ASCII.GetBytes(chars)), iter: 20_000);
    }

    [Fact]
    public void CanonicalDecodingAgreesWithGlibOnRealBase64()
    {
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            var text = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes));
            Assert.NotNull(QBase64.DecodeCanonical(text, new byte[text.Length]));
            Agree(text);
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("YR==")]
    [InlineData("YWJj")]
    [InlineData("YQ=a")]
    [InlineData("=AAA")]
    [InlineData("YQ\n==")]
    [InlineData("")]
    public void EdgeCasesAgree(string text) => Agree(System.Text.Encoding.ASCII.GetBytes(text));

    [Fact]
    public void InPlaceDecodingGivesTheSameBytes()
    {
        Gen.Char[Alphabet].Array[0, 80].Sample(chars =>
        {
            var text = System.Text.Encoding.ASCII.GetBytes(chars);
            using var copy = QBase64.Decode(text);
            using var inPlace = Qcrypto.Keys.SecretBuffer.CopyOf(text);
            QBase64.DecodeInPlace(inPlace);
            Assert.Equal(copy.Span.ToArray(), inPlace.Span.ToArray());
        }, iter: 20_000);
    }

    [Fact]
    public void InPlaceDecodingIsGlibsOnTextWithNewlinesAnywhere()
    {
        Gen.Char[Alphabet].Array[0, 80].Sample(chars =>
        {
            var text = System.Text.Encoding.ASCII.GetBytes(chars);
            var glib = new byte[text.Length + 1];
            var n = QBase64.DecodeLenient(text, glib);
            using var inPlace = Qcrypto.Keys.SecretBuffer.CopyOf(text);
            QBase64.DecodeInPlace(inPlace);
            Assert.Equal(glib.AsSpan(0, n).ToArray(), inPlace.Span.ToArray());
        }, iter: 20_000);
    }

    [Fact]
    public void RemovingNewlinesKeepsEveryOtherByteInOrder()
    {
        Gen.Char["ab\n"].Array[0, 40].Sample(chars =>
        {
            var text = System.Text.Encoding.ASCII.GetBytes(chars);
            var n = QBase64.RemoveNewlines(text);
            Assert.Equal(new string(chars).Replace("\n", "", StringComparison.Ordinal), System.Text.Encoding.ASCII.GetString(text, 0, n));
        }, iter: 5_000);
    }

    [Theory]
    [InlineData(1024 * 1024, 0)]
    [InlineData(1000, 76)]
    [InlineData(31, 4)]
    public void FileTextWithNewlinesTakesTheVectorisedPath(int size, int wrap)
    {
        // What `secret encrypt --out` writes (base64 and a newline) and what `base64` writes (76-column
        // lines): they used to go through the byte-at-a-time decoder (30 ms for 1 MiB).
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var base64 = Convert.ToBase64String(bytes);
        var text = wrap == 0 ? base64 : string.Join('\n', base64.Chunk(wrap).Select(c => new string(c)));
        var buffer = System.Text.Encoding.ASCII.GetBytes(text + "\n");
        var length = QBase64.RemoveNewlines(buffer);
        Assert.Equal(bytes.Length, QBase64.DecodeCanonicalInPlace(buffer.AsSpan(0, length)));
        Assert.Equal(bytes, buffer.AsSpan(0, bytes.Length).ToArray());
        using var decoded = QBase64.Decode(System.Text.Encoding.ASCII.GetBytes(base64 + "\n\n"));
        Assert.Equal(bytes, decoded.Span.ToArray());
    }

    private static void Agree(byte[] text)
    {
        var fast = new byte[text.Length + 1];
        var slow = new byte[text.Length + 1];
        var n = QBase64.DecodeCanonical(text, fast);
        var m = QBase64.DecodeLenient(text, slow);
        if (n is { } written)
        {
            Assert.Equal(m, written);
            Assert.Equal(slow.AsSpan(0, m).ToArray(), fast.AsSpan(0, written).ToArray());
        }
    }
}
