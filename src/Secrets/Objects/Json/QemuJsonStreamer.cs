using System.Text;

namespace Qcrypto.Objects.Json;

/// <summary>
/// QEMU 7.2's JSON message parser (qobject/json-streamer.c) and qobject_from_json (qobject/qjson.c): tokens
/// are collected until the braces and brackets balance, then parsed into one value. The first error wins;
/// a second value (or anything after the first) is "Expecting at most one JSON value".
/// </summary>
internal sealed class QemuJsonStreamer
{
    private const long MaxTokenSize = 64L << 20;
    private const int MaxTokenCount = 2 << 20;
    private const int MaxNesting = 1 << 10;

    private readonly List<JsonToken> _tokens = [];
    private readonly Func<string, bool>? _sensitive;
    private readonly Action<QObject?, string?>? _emit;
    private int _braces;
    private int _brackets;
    private long _tokenSize;
    private QObject? _result;
    private string? _error;

    /// <param name="sensitive">Keys whose values may be secret: lexical errors inside them are not echoed.</param>
    public QemuJsonStreamer(Func<string, bool>? sensitive) => _sensitive = sensitive;

    /// <summary>A streamer for a stream of values (QMP): each value or error goes to <paramref name="emit"/> as it completes.</summary>
    public QemuJsonStreamer(Func<string, bool>? sensitive, Action<QObject?, string?> emit)
    {
        _sensitive = sensitive;
        _emit = emit;
    }

    /// <summary>Parses <paramref name="text"/> as qobject_from_json does: the value, or QEMU's error message.</summary>
    public static (QObject? Value, string? Error) Parse(string text, Func<string, bool>? sensitive)
    {
        var streamer = new QemuJsonStreamer(sensitive);
        var lexer = new QemuJsonLexer(streamer);
        lexer.Feed(Encoding.UTF8.GetBytes(text));
        lexer.Flush();
        if (streamer._result is null && streamer._error is null)
        {
            return (null, "Expecting a JSON value");
        }

        return (streamer._result, streamer._error);
    }

    public void Process(JsonToken token)
    {
        QObject? json = null;
        string? error = null;
        switch (token.Type)
        {
            case JsonLex.LCurly:
                _braces++;
                break;
            case JsonLex.RCurly:
                _braces--;
                break;
            case JsonLex.LSquare:
                _brackets++;
                break;
            case JsonLex.RSquare:
                _brackets--;
                break;
            case JsonLex.Error:
                error = "JSON parse error, " + Stray(token);
                Emit(json, error);
                return;
            case JsonLex.EndOfInput:
                if (_tokens.Count == 0)
                {
                    return;
                }

                (json, error) = QemuJsonParser.Parse(_tokens, _sensitive);
                Emit(json, error);
                return;
        }

        if (_tokenSize + token.Text.Length + 1 > MaxTokenSize)
        {
            Emit(null, "JSON token size limit exceeded");
            return;
        }

        if (_tokens.Count + 1 > MaxTokenCount)
        {
            Emit(null, "JSON token count limit exceeded");
            return;
        }

        if (_brackets + _braces > MaxNesting)
        {
            Emit(null, "JSON nesting depth limit exceeded");
            return;
        }

        _tokens.Add(token);
        _tokenSize += token.Text.Length;

        // As QEMU 7.2 writes the test (it checks the bracket count twice and the brace count never).
        if ((_braces > 0 || _brackets > 0) && _brackets >= 0)
        {
            return;
        }

        (json, error) = QemuJsonParser.Parse(_tokens, _sensitive);
        Emit(json, error);
    }

    /// <summary>"stray 'TEXT'", unless TEXT is in the value of a member that may be secret.</summary>
    private string Stray(JsonToken token)
    {
        if (_sensitive is not null && _tokens.Count >= 2 && _tokens[^1].Type == JsonLex.Colon && _tokens[^2].Type == JsonLex.String
            && QemuJsonString.TryDecodeKey(_tokens[^2].Text) is { } key && _sensitive(key))
        {
            return $"stray token in the value of '{key}' (not shown: it may be secret)";
        }

        return $"stray '{Encoding.UTF8.GetString(token.Text)}'";
    }

    /// <summary>json_message_process_token's out_emit, then qjson.c's consume_json.</summary>
    private void Emit(QObject? json, string? error)
    {
        _braces = 0;
        _brackets = 0;
        _tokens.Clear();
        _tokenSize = 0;

        if (_emit is not null)
        {
            _emit(json, error);
            return;
        }

        if (_result is not null)
        {
            _result = null;
            _error = "Expecting at most one JSON value";
        }

        if (_error is not null)
        {
            return;
        }

        _result = json;
        _error = error;
    }
}
