namespace Qcrypto.Native;

/// <summary>
/// A reader/writer lock for a registry that is read on every lookup and written rarely (object add/del): a
/// reader costs one compare-and-swap on enter and one decrement on exit (ReaderWriterLockSlim costs about
/// three times that, which showed in qcrypto_secret_lookup). Writers go one at a time and take precedence:
/// new readers wait while a writer waits for the current ones to leave. Not recursive.
/// </summary>
internal sealed class ReadMostlyLock
{
    private const int WriterBit = 1 << 30;
    private readonly object _writers = new();
    private int _state;

    public void EnterRead()
    {
        var spin = default(SpinWait);
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & WriterBit) == 0 && Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return;
            }

            spin.SpinOnce();
        }
    }

    public void ExitRead() => Interlocked.Decrement(ref _state);

    public void EnterWrite()
    {
        Monitor.Enter(_writers);
        Interlocked.Add(ref _state, WriterBit);
        var spin = default(SpinWait);
        while ((Volatile.Read(ref _state) & ~WriterBit) != 0)
        {
            spin.SpinOnce();
        }
    }

    public void ExitWrite()
    {
        Interlocked.Add(ref _state, -WriterBit);
        Monitor.Exit(_writers);
    }
}
