using Qcrypto.Tls.Sessions;

namespace Qcrypto.Bench.Tls;

/// <summary>Two non-blocking memory transports back to back (what one end writes the other reads), reused across handshakes.</summary>
public sealed class BufferPipe
{
    private readonly Half _aToB = new();
    private readonly Half _bToA = new();

    public BufferPipe()
    {
        A = new End(_bToA, _aToB);
        B = new End(_aToB, _bToA);
    }

    public TlsTransport A { get; }

    public TlsTransport B { get; }

    public void Clear() => _aToB.Length = _bToA.Length = 0;

    private sealed class Half
    {
        public byte[] Buffer = new byte[65536];
        public int Length;
    }

    private sealed class End(Half incoming, Half outgoing) : TlsTransport
    {
        public override int Write(ReadOnlySpan<byte> data)
        {
            if (outgoing.Length + data.Length > outgoing.Buffer.Length)
            {
                Array.Resize(ref outgoing.Buffer, Math.Max(outgoing.Buffer.Length * 2, outgoing.Length + data.Length));
            }

            data.CopyTo(outgoing.Buffer.AsSpan(outgoing.Length));
            outgoing.Length += data.Length;
            return data.Length;
        }

        public override int Read(Span<byte> buffer)
        {
            if (incoming.Length == 0)
            {
                return WouldBlock;
            }

            var n = Math.Min(buffer.Length, incoming.Length);
            incoming.Buffer.AsSpan(0, n).CopyTo(buffer);
            incoming.Buffer.AsSpan(n, incoming.Length - n).CopyTo(incoming.Buffer);
            incoming.Length -= n;
            return n;
        }
    }
}
