using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Qcrypto.Native.Handles;

/// <summary>Strings the library hands out once and never frees (the version).</summary>
internal static unsafe class StaticStrings
{
    public static readonly byte* Version = Make(
        typeof(StaticStrings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

    private static byte* Make(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        p[bytes.Length] = 0;
        return p;
    }
}
