using System.Collections.Concurrent;

namespace Qcrypto.Native.Handles;

/// <summary>
/// The opaque pointers C callers hold (registries, errors, TLS sessions, ...): never real addresses but
/// keys into this table, each issued once and never reused, so a freed or foreign handle is recognised
/// (double free, use after free) instead of being dereferenced.
/// </summary>
internal static class HandleTable
{
    private static readonly ConcurrentDictionary<nint, object> Live = new();
    private static long _next = 0x51C0_0000;

    /// <summary>The number of live handles of every kind (qcrypto_debug_live_handles).</summary>
    public static int Count => Live.Count;

    public static nint Add(object target)
    {
        // Multiples of 16, so they look like (and align as) the pointers C code expects.
        var handle = (nint)(Interlocked.Increment(ref _next) << 4);
        Live[handle] = target;
        return handle;
    }

    public static T? Get<T>(nint handle)
        where T : class => Live.TryGetValue(handle, out var target) ? target as T : null;

    /// <summary>Removes <paramref name="handle"/> if it is a live <typeparamref name="T"/>.</summary>
    public static T? Remove<T>(nint handle)
        where T : class
    {
        if (!Live.TryGetValue(handle, out var target) || target is not T typed)
        {
            return null;
        }

        return Live.TryRemove(new KeyValuePair<nint, object>(handle, target)) ? typed : null;
    }
}
