using System.Runtime.InteropServices;
using Qcrypto.Native.Handles;

namespace Qcrypto.Native.Api;

/// <summary>The library's own counters, for leak checks from C (all flat when the caller frees what it got).</summary>
internal static class DebugApi
{
    /// <summary>Live handles of every kind: registries, errors, TLS sessions, cryptodev sessions.</summary>
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_debug_live_handles")]
    public static nuint LiveHandles() => (nuint)HandleTable.Count;

    /// <summary>Buffers returned to C and not yet given to qcrypto_free.</summary>
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_debug_live_buffers")]
    public static nuint LiveBuffers() => (nuint)NativeBuffers.Count;

    /// <summary>Misuses detected (double free, foreign handles) since the library loaded.</summary>
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_debug_misuse_count")]
    public static nuint MisuseCount() => (nuint)Misuse.Count;
}
