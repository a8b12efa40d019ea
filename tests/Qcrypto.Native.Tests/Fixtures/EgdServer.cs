using System.Net.Sockets;

namespace Qcrypto.Native.Tests.Fixtures;

/// <summary>
/// A small EGD daemon on a Unix socket: answers command 0x02 ("read entropy, blocking", count) with count
/// bytes of a known sequence (so a test can tell the bytes came from it) and 0x00 (entropy available) with
/// a big-endian 32-bit count. One client at a time; stops when disposed.
/// </summary>
public sealed class EgdServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Thread _thread;
    private readonly string _dir = Directory.CreateTempSubdirectory("qcrypto-egd-").FullName;

    public EgdServer()
    {
        Path = System.IO.Path.Combine(_dir, "egd.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(4);
        _thread = new Thread(Serve) { IsBackground = true, Name = "egd" };
        _thread.Start();
    }

    public string Path { get; }

    /// <summary>The byte the server sends at position <paramref name="index"/> of everything it sends.</summary>
    public static byte ByteAt(int index) => (byte)((index * 7 + 1) & 0xff);

    public void Dispose()
    {
        _listener.Dispose();
        _thread.Join(2000);
        Directory.Delete(_dir, recursive: true);
    }

    private void Serve()
    {
        var sent = 0;
        try
        {
            while (true)
            {
                using var client = _listener.Accept();
                var header = new byte[2];
                while (client.Receive(header, 0, 1, SocketFlags.None) == 1)
                {
                    if (header[0] == 0x00)
                    {
                        client.Send([0, 0, 0x10, 0]);
                        continue;
                    }

                    if (client.Receive(header, 1, 1, SocketFlags.None) != 1 || header[0] is not (0x01 or 0x02))
                    {
                        break;
                    }

                    var data = new byte[header[1]];
                    for (var i = 0; i < data.Length; i++)
                    {
                        data[i] = ByteAt(sent++);
                    }

                    client.Send(data);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

    }
}
