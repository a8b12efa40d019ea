using System.Text;
using Qcrypto.Posix;

namespace Qcrypto.Tests;

/// <summary>
/// Issue 9, item 6: bytes that are not UTF-8 (argv, file names) carried through .NET strings without
/// loss, and written back as the same bytes.
/// </summary>
public sealed class RawTextTests
{
    [Fact]
    public void AnyBytesComeBackUnchanged()
    {
        var random = new Random(9);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            Assert.Equal(bytes, RawText.GetBytes(RawText.Decode(bytes)));
        }
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("pässwörd €")]
    [InlineData("key 🔑 end")]
    public void ValidUtf8IsOrdinaryText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(text, RawText.Decode(bytes));
        Assert.Equal(bytes, RawText.GetBytes(text));
        Assert.Equal(text, RawText.Display(text));
    }

    [Fact]
    public void InvalidBytesAreEscapedOneByOne()
    {
        byte[] bytes = [(byte)'a', 0xE9, 0xC3, 0xA9, 0xFF, 0xED, 0xB3, 0xA9];
        // é as valid UTF-8 stays é; 0xE9, 0xFF and the encoded surrogate ED B3 A9 are escaped byte by byte.
        Assert.Equal("a\uDCE9é\uDCFF\uDCED\uDCB3\uDCA9", RawText.Decode(bytes));
        Assert.Equal("a\uFFFDé\uFFFD\uFFFD\uFFFD\uFFFD", RawText.Display(RawText.Decode(bytes)));
    }

    [Fact]
    public void WritersPutTheBytesBackEvenAcrossTheirBufferBoundaries()
    {
        var random = new Random(6);
        for (var i = 0; i < 200; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(_ => random.Next(4) switch
            {
                0 => "🔑",
                1 => "é",
                _ => "x",
            })));
            bytes[random.Next(bytes.Length)] = 0xE9;
            var text = RawText.Decode(bytes);
            using var output = new MemoryStream();

            // A tiny buffer splits surrogate pairs between flushes.
            using (var writer = new StreamWriter(output, RawText.Encoding, bufferSize: 1) { AutoFlush = true })
            {
                foreach (var c in text)
                {
                    writer.Write(c);
                }
            }

            Assert.Equal(bytes, output.ToArray());
        }
    }
}
