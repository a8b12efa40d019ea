using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using Qcrypto.Interop;

namespace Qcrypto.Pkcs11.Interop;

/// <summary>
/// The dynamic loader (dlfcn.h), names kept verbatim: a PKCS#11 provider is a .so named at run time, and
/// dlerror() gives the loader's own words for a failure (NativeLibrary's exception text would be a
/// runtime resource key under NativeAOT). In glibc's libc since 2.34.
/// </summary>
internal static partial class Dl
{
    internal const int RTLD_NOW = 2;

    [LibraryImport(Libraries.Libc, EntryPoint = "dlopen")]
    internal static partial IntPtr dlopen([MarshalUsing(typeof(RawPathMarshaller))] string file, int mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "dlsym", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr dlsym(IntPtr handle, string name);

    [LibraryImport(Libraries.Libc, EntryPoint = "dlclose")]
    internal static partial int dlclose(IntPtr handle);

    [LibraryImport(Libraries.Libc, EntryPoint = "dlerror")]
    internal static partial IntPtr dlerror();
}
