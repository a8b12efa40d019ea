namespace Qcrypto.Native.Api;

/// <summary>
/// Calls that have no errp to report through (the free functions): a handle freed twice or never ours is
/// not touched, and one line on stderr says so, as glib's critical warnings do.
/// </summary>
internal static class Misuse
{
    private static int _count;

    /// <summary>How many misuses were detected (qcrypto_debug_misuse_count), for tests.</summary>
    public static int Count => Volatile.Read(ref _count);

    public static void Report(string function, string argument, string type)
    {
        Interlocked.Increment(ref _count);
        try
        {
            Console.Error.WriteLine($"libqcrypto: {function}: '{argument}' is not a live {type} (double free, or not returned by this library); ignored");
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A call that is allowed but probably not meant: one line on stderr.</summary>
    public static void Warn(string message)
    {
        try
        {
            Console.Error.WriteLine("libqcrypto: " + message);
        }
        catch (IOException)
        {
        }
    }
}
