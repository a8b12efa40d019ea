using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Qcrypto.Posix;

/// <summary>
/// Linux command-line arguments and file names are bytes, not text; QEMU takes them as bytes. To carry
/// them through .NET strings without loss, every byte of an invalid UTF-8 sequence becomes the lone
/// surrogate U+DC80..U+DCFF (Python's "surrogateescape", PEP 383), and <see cref="GetBytes(string)"/>
/// turns it back into that byte. Valid UTF-8 never decodes to a lone surrogate, so both directions are
/// exact: a <c>data=</c> value or a path comes out as the bytes that went in.
/// </summary>
public static class RawText
{
    private const char EscapeBase = '\uDC00';

    /// <summary>The string for <paramref name="bytes"/>, UTF-8 where valid, escaped byte by byte where not.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        // Never more chars than bytes: a 4-byte sequence makes 2 chars, every other byte at most 1.
        var chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        var written = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes, chars[written..], out var read, out var produced, replaceInvalidSequences: false);
            written += produced;
            bytes = bytes[read..];
            if (status == OperationStatus.Done)
            {
                return new string(chars[..written]);
            }

            // The first byte of the invalid sequence (always >= 0x80: ASCII is always valid).
            chars[written++] = (char)(EscapeBase | bytes[0]);
            bytes = bytes[1..];
        }
    }

    /// <summary>True when <paramref name="text"/> holds any surrogate (escaped bytes or a non-BMP character).</summary>
    public static bool HasSurrogates(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    /// <summary>The bytes <paramref name="text"/> stands for (escapes restored, the rest UTF-8).</summary>
    public static byte[] GetBytes(string text)
    {
        var bytes = new byte[GetByteCount(text)];
        GetBytes(text, bytes);
        return bytes;
    }

    public static int GetByteCount(ReadOnlySpan<char> text)
    {
        if (!HasSurrogates(text))
        {
            return Encoding.UTF8.GetByteCount(text);
        }

        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count += Next(text, ref i, default, write: false);
        }

        return count;
    }

    /// <summary>Writes the bytes of <paramref name="text"/>; <paramref name="bytes"/> must hold <see cref="GetByteCount"/>.</summary>
    public static int GetBytes(ReadOnlySpan<char> text, Span<byte> bytes)
    {
        if (!HasSurrogates(text))
        {
            return Encoding.UTF8.GetBytes(text, bytes);
        }

        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            written += Next(text, ref i, bytes[written..], write: true);
        }

        return written;
    }

    /// <summary>
    /// <paramref name="text"/> for a message that must be valid UTF-8, as glib's g_filename_display_name
    /// shows a file name: every escaped byte becomes U+FFFD.
    /// </summary>
    public static string Display(string text)
    {
        if (!HasSurrogates(text))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                {
                    span[i] = c;
                    span[i + 1] = source[++i];
                }
                else
                {
                    span[i] = char.IsSurrogate(c) ? '\uFFFD' : c;
                }
            }
        });
    }

    /// <summary>UTF-8 for text writers (stdout, stderr) that restores escaped bytes, as QEMU prints a path it was given.</summary>
    public static Encoding Encoding { get; } = new RawTextEncoding();

    /// <summary>
    /// Encodes the character at <paramref name="i"/> (and its low surrogate, advancing <paramref name="i"/>)
    /// into <paramref name="bytes"/> (or only counts them); returns the byte count.
    /// </summary>
    private static int Next(ReadOnlySpan<char> text, ref int i, Span<byte> bytes, bool write)
    {
        var c = text[i];
        Rune rune;
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            rune = new Rune(c, text[++i]);
        }
        else if (c is >= '\uDC80' and <= '\uDCFF')
        {
            if (write)
            {
                bytes[0] = (byte)c;
            }

            return 1;
        }
        else
        {
            // Any other lone surrogate cannot come from bytes; encode it as .NET does, as U+FFFD.
            rune = char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c);
        }

        return write ? rune.EncodeToUtf8(bytes) : rune.Utf8SequenceLength;
    }
}
