using System.Text;

namespace Qcrypto.Posix;

/// <summary>
/// UTF-8 that writes the bytes <see cref="RawText"/> escaped back as those bytes (decoding is
/// <see cref="RawText.Decode"/>). Its encoder keeps a high surrogate that ends one write for the next,
/// so a character split across a writer's buffer boundary is not broken.
/// </summary>
internal sealed class RawTextEncoding : Encoding
{
    public override string WebName => "utf-8";

    public override int GetByteCount(char[] chars, int index, int count) => RawText.GetByteCount(chars.AsSpan(index, count));

    public override int GetByteCount(ReadOnlySpan<char> chars) => RawText.GetByteCount(chars);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        RawText.GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));

    public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes) => RawText.GetBytes(chars, bytes);

    public override int GetCharCount(byte[] bytes, int index, int count) => RawText.Decode(bytes.AsSpan(index, count)).Length;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        var text = RawText.Decode(bytes.AsSpan(byteIndex, byteCount));
        text.CopyTo(chars.AsSpan(charIndex));
        return text.Length;
    }

    // A BMP character is at most 3 bytes, a pair 4 for 2 chars; one more for a surrogate held back.
    public override int GetMaxByteCount(int charCount) => (charCount + 1) * 3;

    public override int GetMaxCharCount(int byteCount) => byteCount + 1;

    public override byte[] GetPreamble() => [];

    public override ReadOnlySpan<byte> Preamble => default;

    public override Encoder GetEncoder() => new RawTextEncoder();

    private sealed class RawTextEncoder : Encoder
    {
        private char _pending;

        public override void Reset() => _pending = '\0';

        public override int GetByteCount(char[] chars, int index, int count, bool flush) => GetByteCount(chars.AsSpan(index, count), flush);

        public override int GetByteCount(ReadOnlySpan<char> chars, bool flush)
        {
            _ = Split(ref chars, flush, out var head);
            return RawText.GetByteCount(head) + RawText.GetByteCount(chars);
        }

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex, bool flush) =>
            GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex), flush);

        public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes, bool flush)
        {
            var held = Split(ref chars, flush, out var head);
            var written = RawText.GetBytes(head, bytes);
            written += RawText.GetBytes(chars, bytes[written..]);
            _pending = held;
            return written;
        }

        /// <summary>
        /// What to encode now: <paramref name="head"/>, the held high surrogate joined with its low surrogate
        /// (or alone), then <paramref name="chars"/>; returns a trailing high surrogate to hold back unless flushing.
        /// </summary>
        private char Split(ref ReadOnlySpan<char> chars, bool flush, out ReadOnlySpan<char> head)
        {
            head = default;
            if (_pending != '\0' && chars.IsEmpty && !flush)
            {
                return _pending;
            }

            if (_pending != '\0')
            {
                head = chars.Length > 0 && char.IsLowSurrogate(chars[0]) ? new[] { _pending, chars[0] } : new[] { _pending };
                chars = chars[(head.Length - 1)..];
            }

            if (!flush && chars.Length > 0 && char.IsHighSurrogate(chars[^1]))
            {
                var held = chars[^1];
                chars = chars[..^1];
                return held;
            }

            return '\0';
        }
    }
}
