namespace Qcrypto.Tls.Native;

/// <summary>
/// Follows the TLS record framing of the bytes a peer sent, to notice a plaintext alert record (type 21, two
/// bytes). In TLS 1.3 an OpenSSL client that rejects the server's certificate sends its alert unencrypted, after
/// the server has switched to the handshake keys: GnuTLS then fails with "Decryption has failed." and never
/// reports the alert. The scanner keeps it, so the failure can name what the client said.
/// </summary>
internal sealed class TlsRecordScanner
{
    private const byte AlertType = 21;

    private readonly byte[] _header = new byte[5];
    private readonly byte[] _body = new byte[2];
    private int _headerFill;
    private int _remaining;
    private int _bodySeen;

    /// <summary>The last complete record, when it was a plaintext alert: its level and description.</summary>
    public (byte Level, byte Description)? LastPlainAlert { get; private set; }

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_headerFill < _header.Length)
            {
                _header[_headerFill++] = data[0];
                data = data[1..];
                if (_headerFill == _header.Length)
                {
                    _remaining = (_header[3] << 8) | _header[4];
                    _bodySeen = 0;
                    if (_remaining == 0)
                    {
                        Complete();
                    }
                }

                continue;
            }

            var take = Math.Min(_remaining, data.Length);
            for (var i = 0; i < take && _bodySeen + i < _body.Length; i++)
            {
                _body[_bodySeen + i] = data[i];
            }

            _bodySeen += take;
            _remaining -= take;
            data = data[take..];
            if (_remaining == 0)
            {
                Complete();
            }
        }
    }

    private void Complete()
    {
        var length = (_header[3] << 8) | _header[4];
        LastPlainAlert = _header[0] == AlertType && length == 2 ? (_body[0], _body[1]) : null;
        _headerFill = 0;
    }
}
