namespace Qcrypto.Tls.Sessions;

/// <summary>
/// The byte transport under a <see cref="TlsSession"/> (QEMU's QCryptoTLSSessionWriteFunc/ReadFunc pair). A
/// non-blocking transport returns <see cref="WouldBlock"/> when it cannot move data now; the session then
/// returns to its caller (the handshake with "wants write"/"wants read", reads and writes with
/// <see cref="WouldBlock"/>) instead of waiting. Errors are thrown (an <see cref="IOException"/> says what).
/// </summary>
public abstract class TlsTransport
{
    /// <summary>Returned by <see cref="Write"/> or <see cref="Read"/>: nothing can move now, try again later.</summary>
    public const int WouldBlock = -1;

    /// <summary>Sends some of <paramref name="data"/>: the number of bytes taken (at least 1), or <see cref="WouldBlock"/>.</summary>
    public abstract int Write(ReadOnlySpan<byte> data);

    /// <summary>Receives into <paramref name="buffer"/>: the number of bytes read, 0 at end of stream, or <see cref="WouldBlock"/>.</summary>
    public abstract int Read(Span<byte> buffer);

    /// <summary>A blocking transport over <paramref name="stream"/> (never returns <see cref="WouldBlock"/>).</summary>
    public static TlsTransport Blocking(Stream stream) => new StreamTransport(stream);

    private sealed class StreamTransport(Stream stream) : TlsTransport
    {
        public override int Write(ReadOnlySpan<byte> data)
        {
            stream.Write(data);
            stream.Flush();
            return data.Length;
        }

        public override int Read(Span<byte> buffer) => stream.Read(buffer);
    }
}
