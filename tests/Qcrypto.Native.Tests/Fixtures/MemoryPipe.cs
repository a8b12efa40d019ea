using Qcrypto.Tls.Sessions;

namespace Qcrypto.Native.Tests.Fixtures;

/// <summary>
/// Two non-blocking in-memory transports joined back to back: what one writes the other reads; reading an
/// empty direction says "would block". Both ends of a TLS pair run on one thread over it.
/// </summary>
public sealed class MemoryPipe
{
    private readonly Queue<byte> _aToB = new();
    private readonly Queue<byte> _bToA = new();

    public MemoryPipe()
    {
        A = new End(_bToA, _aToB);
        B = new End(_aToB, _bToA);
    }

    public TlsTransport A { get; }

    public TlsTransport B { get; }

    private sealed class End(Queue<byte> incoming, Queue<byte> outgoing) : TlsTransport
    {
        public override int Write(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                outgoing.Enqueue(b);
            }

            return data.Length;
        }

        public override int Read(Span<byte> buffer)
        {
            if (incoming.Count == 0)
            {
                return WouldBlock;
            }

            var n = Math.Min(buffer.Length, incoming.Count);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = incoming.Dequeue();
            }

            return n;
        }
    }
}
