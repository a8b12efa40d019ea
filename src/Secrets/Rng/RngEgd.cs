using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Rng;

/// <summary>
/// rng-egd (backends/rng-egd.c): entropy from an EGD daemon behind a socket chardev. Each request is
/// EGD command 0x02 ("read entropy, blocking") with a count of at most 255 bytes, answered with exactly
/// that many bytes, as QEMU sends it.
/// </summary>
public sealed class RngEgd : RngBackend
{
    private const byte ReadBlocking = 0x02;
    private const int MaxRequest = 255;

    private Socket? _socket;

    private RngEgd(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(RngSchemas.Egd, (type, id) => new RngEgd(type, id));

    public string? ChardevId { get; private set; }

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        if (property.Name == "chardev")
        {
            ChardevId = value.Text;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        if (registry.Options.Chardevs is not { } chardevs)
        {
            // The CLI's checks: no chardevs to connect to, the line is checked as before.
            return;
        }

        var chardev = chardevs.Find(ChardevId!) ?? throw new ObjectException(RngErrorCodes.ChardevNotFound, $"Device '{ChardevId}' not found", Id, "chardev",
            "create the chardev first (qcrypto_chardev_add \"socket,id=ID,path=SOCKET\"), then the rng-egd naming it");
        _socket = chardev.Connect(Id);
    }

    protected override void Fill(Span<byte> buffer)
    {
        var socket = _socket ?? throw new ObjectException(RngErrorCodes.Read, $"rng-egd: chardev '{ChardevId}' is not connected", Id, "chardev");
        Span<byte> request = stackalloc byte[2];
        try
        {
            while (!buffer.IsEmpty)
            {
                var chunk = buffer[..Math.Min(buffer.Length, MaxRequest)];
                request[0] = ReadBlocking;
                request[1] = (byte)chunk.Length;
                socket.Send(request);
                for (var got = 0; got < chunk.Length;)
                {
                    var n = socket.Receive(chunk[got..]);
                    if (n == 0)
                    {
                        throw new ObjectException(RngErrorCodes.Read, $"rng-egd: the EGD daemon behind chardev '{ChardevId}' closed the connection", Id, "chardev");
                    }

                    got += n;
                }

                buffer = buffer[chunk.Length..];
            }
        }
        catch (SocketException e)
        {
            throw new ObjectException(RngErrorCodes.Read, $"rng-egd: chardev '{ChardevId}': {e.Message}", Id, "chardev", inner: e);
        }
    }

    protected override void OnDispose() => _socket?.Dispose();
}
