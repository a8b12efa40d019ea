namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>Counters of a back-end server since it started (SIGUSR1 prints them).</summary>
public sealed class VhostUserServerStatistics
{
    private long _accepted;
    private long _closed;
    private long _messages;
    private long _badMessages;
    private long _requests;
    private long _deviceErrors;
    private long _ringFaults;
    private long _sessionsCreated;
    private long _sessionsRejected;
    private long _sessionsClosed;
    private long _notifications;

    public long ConnectionsAccepted => Volatile.Read(ref _accepted);

    public long ConnectionsClosed => Volatile.Read(ref _closed);

    public long ConnectionsActive => ConnectionsAccepted - ConnectionsClosed;

    public long Messages => Volatile.Read(ref _messages);

    public long BadMessages => Volatile.Read(ref _badMessages);

    public long Requests => Volatile.Read(ref _requests);

    public long DeviceErrors => Volatile.Read(ref _deviceErrors);

    public long RingFaults => Volatile.Read(ref _ringFaults);

    public long SessionsCreated => Volatile.Read(ref _sessionsCreated);

    public long SessionsRejected => Volatile.Read(ref _sessionsRejected);

    public long SessionsClosed => Volatile.Read(ref _sessionsClosed);

    /// <summary>Interrupts (call eventfd writes) sent.</summary>
    public long Notifications => Volatile.Read(ref _notifications);

    /// <summary>Every counter by name, in a fixed order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
    [
        new("connections-accepted", ConnectionsAccepted),
        new("connections-active", ConnectionsActive),
        new("messages", Messages),
        new("bad-messages", BadMessages),
        new("requests", Requests),
        new("device-errors", DeviceErrors),
        new("ring-faults", RingFaults),
        new("sessions-created", SessionsCreated),
        new("sessions-rejected", SessionsRejected),
        new("sessions-closed", SessionsClosed),
        new("notifications", Notifications),
    ];

    internal void Accepted() => Interlocked.Increment(ref _accepted);

    internal void Closed() => Interlocked.Increment(ref _closed);

    internal void Message() => Interlocked.Increment(ref _messages);

    internal void BadMessage() => Interlocked.Increment(ref _badMessages);

    internal void AddRequests(long count) => Interlocked.Add(ref _requests, count);

    internal void DeviceError() => Interlocked.Increment(ref _deviceErrors);

    internal void RingFault() => Interlocked.Increment(ref _ringFaults);

    internal void SessionCreated() => Interlocked.Increment(ref _sessionsCreated);

    internal void SessionRejected() => Interlocked.Increment(ref _sessionsRejected);

    internal void SessionClosed() => Interlocked.Increment(ref _sessionsClosed);

    internal void AddNotifications(long count) => Interlocked.Add(ref _notifications, count);
}
