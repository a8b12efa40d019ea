namespace Qcrypto.Objects.Json;

/// <summary>The lexer's states and the token types it emits (QEMU 7.2 qobject/json-lexer.c, without interpolation).</summary>
internal enum JsonLex : byte
{
    Error = 0,
    Recovery,
    DqEscape,
    Dq,
    SqEscape,
    Sq,
    Zero,
    ExpDigits,
    ExpSign,
    ExpE,
    Mantissa,
    MantissaDigits,
    Digits,
    Sign,
    Keyword,
    Start,

    // Terminals: the token types.
    LCurly = 100,
    RCurly,
    LSquare,
    RSquare,
    Colon,
    Comma,
    Integer,
    Float,
    KeywordToken,
    String,
    EndOfInput,
}

/// <summary>One token: its type and its bytes (UTF-8 as given).</summary>
internal readonly record struct JsonToken(JsonLex Type, byte[] Text);

/// <summary>
/// QEMU's JSON lexer, byte by byte: the same state table (RFC 8259 plus single-quoted strings and "\'"),
/// the same one-byte lookahead, and the same error recovery (after a bad byte, skip to a structural
/// character or a control character). Tokens go to <see cref="QemuJsonStreamer"/>.
/// </summary>
internal sealed class QemuJsonLexer(QemuJsonStreamer streamer)
{
    private readonly List<byte> _token = [];
    private JsonLex _state = JsonLex.Start;

    public void Feed(ReadOnlySpan<byte> input)
    {
        foreach (var b in input)
        {
            FeedByte(b, flush: false);
        }
    }

    /// <summary>End of input: finishes the pending token (an unterminated string is an error) and tells the streamer.</summary>
    public void Flush()
    {
        FeedByte(0, flush: true);
        streamer.Process(new JsonToken(JsonLex.EndOfInput, []));
    }

    private void FeedByte(byte b, bool flush)
    {
        var consumed = false;
        while (flush ? _state != JsonLex.Start : !consumed)
        {
            var (next, lookahead) = Next(_state, b);
            consumed = !flush && !lookahead;
            if (consumed)
            {
                _token.Add(b);
            }

            switch (next)
            {
                case >= JsonLex.LCurly:
                    streamer.Process(new JsonToken(next, [.. _token]));
                    _token.Clear();
                    next = JsonLex.Start;
                    break;
                case JsonLex.Start:
                    _token.Clear();
                    break;
                case JsonLex.Error:
                    streamer.Process(new JsonToken(JsonLex.Error, [.. _token]));
                    _token.Clear();
                    next = JsonLex.Recovery;
                    break;
                case JsonLex.Recovery:
                    _token.Clear();
                    break;
            }

            _state = next;
        }
    }

    /// <summary>The transition table: the next state or token, and whether the byte is left for the next token.</summary>
    internal static (JsonLex Next, bool Lookahead) Next(JsonLex state, byte c)
    {
        var digit = c is >= (byte)'0' and <= (byte)'9';
        switch (state)
        {
            case JsonLex.Recovery:
                return c switch
                {
                    (byte)'\t' => (JsonLex.Recovery, false),
                    <= 0x1F or >= 0xFE or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)':' or (byte)',' => (JsonLex.Start, true),
                    _ => (JsonLex.Recovery, false),
                };
            case JsonLex.DqEscape:
                return (c is >= 0x20 and <= 0xFD ? JsonLex.Dq : JsonLex.Error, false);
            case JsonLex.SqEscape:
                return (c is >= 0x20 and <= 0xFD ? JsonLex.Sq : JsonLex.Error, false);
            case JsonLex.Dq:
            case JsonLex.Sq:
                var quote = state == JsonLex.Dq ? (byte)'"' : (byte)'\'';
                return c switch
                {
                    (byte)'\\' => (state == JsonLex.Dq ? JsonLex.DqEscape : JsonLex.SqEscape, false),
                    _ when c == quote => (JsonLex.String, false),
                    >= 0x20 and <= 0xFD => (state, false),
                    _ => (JsonLex.Error, false),
                };
            case JsonLex.Zero:
                return digit ? (JsonLex.Error, false) : c == '.' ? (JsonLex.Mantissa, false) : (JsonLex.Integer, true);
            case JsonLex.ExpDigits:
                return digit ? (JsonLex.ExpDigits, false) : (JsonLex.Float, true);
            case JsonLex.ExpSign:
                return (digit ? JsonLex.ExpDigits : JsonLex.Error, false);
            case JsonLex.ExpE:
                return (c is (byte)'-' or (byte)'+' ? JsonLex.ExpSign : digit ? JsonLex.ExpDigits : JsonLex.Error, false);
            case JsonLex.MantissaDigits:
                return digit ? (JsonLex.MantissaDigits, false) : c is (byte)'e' or (byte)'E' ? (JsonLex.ExpE, false) : (JsonLex.Float, true);
            case JsonLex.Mantissa:
                return (digit ? JsonLex.MantissaDigits : JsonLex.Error, false);
            case JsonLex.Digits:
                return digit ? (JsonLex.Digits, false) : c is (byte)'e' or (byte)'E' ? (JsonLex.ExpE, false)
                    : c == '.' ? (JsonLex.Mantissa, false) : (JsonLex.Integer, true);
            case JsonLex.Sign:
                return (c == '0' ? JsonLex.Zero : c is >= (byte)'1' and <= (byte)'9' ? JsonLex.Digits : JsonLex.Error, false);
            case JsonLex.Keyword:
                return c is >= (byte)'a' and <= (byte)'z' ? (JsonLex.Keyword, false) : (JsonLex.KeywordToken, true);
            default:
                return (c switch
                {
                    (byte)'"' => JsonLex.Dq,
                    (byte)'\'' => JsonLex.Sq,
                    (byte)'0' => JsonLex.Zero,
                    >= (byte)'1' and <= (byte)'9' => JsonLex.Digits,
                    (byte)'-' => JsonLex.Sign,
                    (byte)'{' => JsonLex.LCurly,
                    (byte)'}' => JsonLex.RCurly,
                    (byte)'[' => JsonLex.LSquare,
                    (byte)']' => JsonLex.RSquare,
                    (byte)',' => JsonLex.Comma,
                    (byte)':' => JsonLex.Colon,
                    >= (byte)'a' and <= (byte)'z' => JsonLex.Keyword,
                    (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' => JsonLex.Start,
                    _ => JsonLex.Error,
                }, false);
        }
    }
}
