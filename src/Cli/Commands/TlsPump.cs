using Qcrypto.Tls;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// Moves data both ways through an established session: input → session on a writer thread, session → output on the
/// calling thread. Nothing escapes either thread: every failure is kept, by side, for <see cref="TlsOutcome"/> to
/// judge once both sides have stopped (an exception escaping a thread would abort the process, exit 134).
/// </summary>
internal sealed class TlsPump
{
    private const int ChunkSize = 16384;

    // How long the reader may go on after the writer failed: the peer's alert (the reason) may still be on its way.
    private static readonly TimeSpan AlertGrace = TimeSpan.FromSeconds(2);

    private readonly TlsSession _session;
    private readonly Action _abortTransport;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _writerDone = new();
    private readonly ManualResetEventSlim _readerDone = new();
    private volatile bool _closed;
    private volatile bool _writing;
    private volatile bool _aborted;

    private TlsPump(TlsSession session, Action abortTransport)
    {
        _session = session;
        _abortTransport = abortTransport;
    }

    public long Sent { get; private set; }

    public long Received { get; private set; }

    /// <summary>Reading the session failed (an alert, a reset, a record GnuTLS refused).</summary>
    public TlsSessionException? ReadFailure { get; private set; }

    /// <summary>Writing to the session failed (the peer reset or closed the connection).</summary>
    public TlsSessionException? WriteFailure { get; private set; }

    /// <summary>Reading our input (stdin) failed.</summary>
    public Exception? InputError { get; private set; }

    /// <summary>Writing our output (stdout) failed.</summary>
    public Exception? OutputError { get; private set; }

    /// <summary>Anything else (a bug of ours): reported as an internal error, never thrown on a thread.</summary>
    public Exception? Unexpected { get; private set; }

    /// <summary>The peer ended its data without a close_notify.</summary>
    public bool PeerTruncated { get; private set; }

    /// <summary>True when we shut the connection down ourselves (so later transport errors are ours, not the peer's).</summary>
    public bool Aborted => _aborted;

    /// <summary>False if the writer may still be inside the session: the caller must not dispose it then.</summary>
    public bool SessionReleased { get; private set; } = true;

    /// <summary>
    /// Pipes <paramref name="input"/> to the peer (then a close_notify if <paramref name="closeNotifyAtEof"/>) and the
    /// peer to <paramref name="output"/> until the peer ends its data or either side fails. <paramref name="stopInput"/>
    /// unblocks a read of <paramref name="input"/> (when it can be) once the peer is done.
    /// </summary>
    public static TlsPump Run(TlsSession session, Stream input, Stream output, bool closeNotifyAtEof, Action abortTransport, Action? stopInput = null)
    {
        var pump = new TlsPump(session, abortTransport);
        var writer = new Thread(() => pump.WriteLoop(input, closeNotifyAtEof)) { IsBackground = true, Name = "tls stdin" };
        writer.Start();
        pump.ReadLoop(output);
        pump.Finish(stopInput);
        return pump;
    }

    /// <summary>Echo: what the peer sends goes straight back, on one thread.</summary>
    public static TlsPump Echo(TlsSession session)
    {
        var pump = new TlsPump(session, () => { });
        var buffer = new byte[ChunkSize];
        while (pump.ReadOnce(buffer) is > 0 and var n)
        {
            if (!pump.Guard(() => session.Write(buffer.AsSpan(0, n)), failure => pump.WriteFailure = failure))
            {
                break;
            }

            pump.Sent += n;
        }

        return pump;
    }

    private void ReadLoop(Stream output)
    {
        var buffer = new byte[ChunkSize];
        while (ReadOnce(buffer) is > 0 and var n)
        {
            try
            {
                output.Write(buffer, 0, n);
            }
            catch (Exception e)
            {
                OutputError = e;
                break;
            }
        }

        _readerDone.Set();
    }

    /// <summary>One read from the session: the byte count, or 0 at its end or failure (kept in the properties).</summary>
    private int ReadOnce(byte[] buffer)
    {
        var n = 0;
        if (!Guard(() => n = _session.Read(buffer), failure => ReadFailure = failure))
        {
            return 0;
        }

        if (n == 0)
        {
            PeerTruncated = _session.PeerTruncated;
        }

        Received += n;
        return n;
    }

    private void WriteLoop(Stream input, bool closeNotifyAtEof)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            WriteChunks(input, buffer, closeNotifyAtEof);
        }
        catch (Exception e)
        {
            Unexpected ??= e;
        }
        finally
        {
            _writerDone.Set();
        }
    }

    private void WriteChunks(Stream input, byte[] buffer, bool closeNotifyAtEof)
    {
        while (true)
        {
            int n;
            try
            {
                n = input.Read(buffer);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                InputError = e;
                n = 0;
            }

            if (n == 0)
            {
                if (closeNotifyAtEof)
                {
                    Guard(() => Locked(_session.ShutdownWrite), failure => WriteFailure = failure);
                }

                return;
            }

            if (!Guard(() => Locked(() => Send(buffer.AsSpan(0, n))), failure => WriteFailure = failure))
            {
                // The peer may have said why in an alert still travelling: give the reader a moment to get it.
                if (!_readerDone.Wait(AlertGrace))
                {
                    Abort();
                }

                return;
            }

            Sent += n;
        }
    }

    private void Send(ReadOnlySpan<byte> data)
    {
        _writing = true;
        try
        {
            _session.Write(data);
        }
        finally
        {
            _writing = false;
        }
    }

    /// <summary>Runs a session call; a failure is kept (true: it worked). Failures after our own abort are ours, not news.</summary>
    private bool Guard(Action call, Action<TlsSessionException> onFailure)
    {
        try
        {
            call();
            return true;
        }
        catch (IOException e) when (e.InnerException is TlsSessionException failure)
        {
            if (!_aborted)
            {
                onFailure(failure);
            }
        }
        catch (ObjectDisposedException) when (_closed)
        {
        }
        catch (Exception e)
        {
            Unexpected ??= e;
        }

        return false;
    }

    private void Locked(Action call)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                call();
            }
        }
    }

    private void Abort()
    {
        _aborted = true;
        try
        {
            _abortTransport();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
    }

    private void Finish(Action? stopInput)
    {
        // stdin may be a terminal still open, or the writer may be stuck sending to a peer that reads no more: do not
        // wait long once the peer has finished. But a peer that just vanished (no close_notify) while we still send
        // makes the next write fail in a moment (its reset): wait for that, it is the news. A write in flight too.
        var grace = PeerTruncated ? AlertGrace : TimeSpan.FromMilliseconds(200);
        if (!_writerDone.Wait(grace) && _writing)
        {
            _writerDone.Wait(AlertGrace);
        }

        if (!_writerDone.IsSet)
        {
            stopInput?.Invoke();
            if (!_writerDone.Wait(TimeSpan.FromMilliseconds(100)))
            {
                // Shutting the socket down unblocks a stuck write.
                Abort();
            }
        }

        // From now on the writer must not touch the session (the caller disposes it); it may still sit in a read of
        // stdin, outside the gate. Inside it, it is in a session call the abort has just made fail.
        if (_gate.TryEnter(TimeSpan.FromSeconds(1)))
        {
            _closed = true;
            _gate.Exit();
        }
        else
        {
            SessionReleased = false;
        }
    }
}
