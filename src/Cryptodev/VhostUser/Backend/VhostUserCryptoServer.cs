using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Errors;
using Qcrypto.Posix;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>
/// The vhost-user crypto back-end: listens on a unix socket and serves each front-end that connects
/// (QEMU's cryptodev-vhost-user, or ours) with the builtin engine, one thread per connection for its
/// messages and one per data queue. A front-end that goes away, however it goes, releases everything
/// it had; the server keeps listening. Nothing a peer sends can end the server.
/// </summary>
public sealed class VhostUserCryptoServer : IDisposable
{
    private readonly UnixSocket _listener;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, (BackendConnection Connection, Thread Thread)> _connections = [];
    private readonly Thread _acceptor;
    private readonly EventFd _stop = EventFd.Create();
    private long _nextId;
    private int _stopping;

    private VhostUserCryptoServer(VhostUserServerOptions options, UnixSocket listener)
    {
        Options = options;
        _listener = listener;
        _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "vhost-user-crypto accept" };
    }

    public VhostUserServerOptions Options { get; }

    public VhostUserServerStatistics Statistics { get; } = new();

    /// <summary>Front-ends connected now.</summary>
    public int ActiveConnections
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Sessions open over every connection.</summary>
    public int ActiveSessions
    {
        get
        {
            lock (_lock)
            {
                return _connections.Values.Sum(c => c.Connection.SessionCount);
            }
        }
    }

    /// <summary>Binds the socket and starts accepting.</summary>
    /// <exception cref="VhostUserException">The options are out of range, or the socket cannot be bound.</exception>
    public static VhostUserCryptoServer Start(VhostUserServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Queues is < 1 or > CryptodevBackend.MaxQueues)
        {
            throw new VhostUserException(VhostUserException.BadOption, $"queues must be 1..{CryptodevBackend.MaxQueues}, not {options.Queues}", "queues");
        }

        UnixSocket listener;
        try
        {
            listener = UnixSocket.Listen(options.SocketPath);
        }
        catch (PosixException e)
        {
            throw new VhostUserException(VhostUserException.SocketFailed, e.Message, "socket");
        }

        var server = new VhostUserCryptoServer(options, listener);
        server._acceptor.Start();
        return server;
    }

    internal void Report(VhostUserLogEntry entry) => Options.Log?.Invoke(entry);

    private void AcceptLoop()
    {
        Span<int> fds = stackalloc int[2];
        Span<short> revents = stackalloc short[2];
        fds[0] = _stop.Fd;
        fds[1] = _listener.Fd;
        while (Volatile.Read(ref _stopping) == 0)
        {
            // Beyond MaxConnections, newcomers wait in the backlog until one leaves.
            if (ActiveConnections >= Options.MaxConnections)
            {
                Poller.WaitReadable(fds[..1], revents[..1], 50);
                continue;
            }

            Poller.WaitReadable(fds, revents, -1);
            if (revents[0] != 0)
            {
                return;
            }

            var socket = _listener.Accept(0);
            if (socket is null)
            {
                continue;
            }

            try
            {
                Serve(socket);
            }
#pragma warning disable CA1031 // The accept thread must survive whatever one connection's setup hits.
            catch (Exception e)
#pragma warning restore CA1031
            {
                socket.Dispose();
                Report(new VhostUserLogEntry(VhostUserLogLevel.Error, 0, VhostUserErrorCode.System, $"cannot serve a connection ({e.GetType().Name})"));
            }
        }
    }

    private void Serve(UnixSocket socket)
    {
        var id = Interlocked.Increment(ref _nextId);
        CryptodevBackend backend;
        try
        {
            lock (Options.Registry)
            {
                backend = (CryptodevBackend)Options.Registry.Create(CryptodevBackendBuiltin.QomType, $"vhost-user-crypto{id}",
                    [new("queues", Options.Queues.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. Options.BackendProperties]);
            }
        }
        catch (QcryptoException e)
        {
            socket.Dispose();
            Report(new VhostUserLogEntry(VhostUserLogLevel.Error, id, VhostUserErrorCode.System, $"cannot create the connection's backend: {e.Message}"));
            return;
        }

        Statistics.Accepted();
        var connection = new BackendConnection(id, new VhostUserChannel(socket), this, backend);
        var thread = new Thread(() => RunConnection(connection)) { IsBackground = true, Name = $"vhost-user-crypto conn{id}" };
        lock (_lock)
        {
            _connections[id] = (connection, thread);
        }

        thread.Start();
    }

    private void RunConnection(BackendConnection connection)
    {
        try
        {
            connection.Run();
        }
        finally
        {
            connection.Dispose();
            lock (Options.Registry)
            {
                try
                {
                    Options.Registry.Delete(connection.Backend.Id);
                }
                catch (QcryptoException e)
                {
                    Report(new VhostUserLogEntry(VhostUserLogLevel.Warning, connection.Id, null, $"backend not deleted: {e.Message}"));
                }
            }

            lock (_lock)
            {
                _connections.Remove(connection.Id);
            }

            Statistics.Closed();
        }
    }

    /// <summary>Stops accepting, ends every connection (releasing all), and removes the socket file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        _stop.Signal();
        _acceptor.Join();
        _listener.Dispose();
        UnixSocket.Unlink(Options.SocketPath);
        List<Thread> threads;
        lock (_lock)
        {
            foreach (var (connection, _) in _connections.Values)
            {
                connection.Shutdown();
            }

            threads = [.. _connections.Values.Select(c => c.Thread)];
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        _stop.Dispose();
    }
}
