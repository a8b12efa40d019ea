using System.Runtime.InteropServices;
using Qcrypto.Pkcs11.Interop;
using Qcrypto.Posix;

namespace Qcrypto.Pkcs11;

/// <summary>
/// A loaded PKCS#11 provider: dlopen'ed once per path in the process, C_Initialize'd with OS locking
/// (sessions are used from any thread), and C_Finalize'd when the last user releases it. A module some
/// other part of the process had already initialized (CKR_CRYPTOKI_ALREADY_INITIALIZED) is used as it is
/// and left initialized: finalizing would close that other user's sessions.
/// </summary>
internal sealed unsafe class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadLock = new();
    private readonly bool _finalizeOnRelease;
    private int _users;

    private Pkcs11Module(string path, CK_FUNCTION_LIST* functions, bool finalizeOnRelease)
    {
        Path = path;
        Functions = functions;
        _finalizeOnRelease = finalizeOnRelease;
    }

    public string Path { get; }

    public CK_FUNCTION_LIST* Functions { get; }

    /// <summary>The module at <paramref name="path"/>, loaded and initialized; give it back with <see cref="Release"/>.</summary>
    public static Pkcs11Module Acquire(string path)
    {
        lock (LoadLock)
        {
            if (!Loaded.TryGetValue(path, out var module))
            {
                module = Load(path);
                Loaded[path] = module;
            }

            module._users++;
            return module;
        }
    }

    public void Release()
    {
        lock (LoadLock)
        {
            if (--_users > 0)
            {
                return;
            }

            Loaded.Remove(Path);
            if (_finalizeOnRelease)
            {
                // The library stays mapped: providers (SoftHSM2 with OpenSSL among them) are not all safe to
                // dlclose, and dlopen of the same path finds it again.
                Functions->C_Finalize(null);
            }
        }
    }

    private static Pkcs11Module Load(string path)
    {
        // dlopen searches the library path for a bare name; a provider is named by its file.
        var handle = Dl.dlopen(path, Dl.RTLD_NOW);
        var message = handle == IntPtr.Zero ? Dl.dlerror() : IntPtr.Zero;
        if (handle == IntPtr.Zero && message == IntPtr.Zero)
        {
            // The runtime binds an import on its first call with dl* calls of its own, which consume the
            // loader's message of that first failure: the second try has it.
            handle = Dl.dlopen(path, Dl.RTLD_NOW);
            message = handle == IntPtr.Zero ? Dl.dlerror() : IntPtr.Zero;
        }

        if (handle == IntPtr.Zero)
        {
            var error = Marshal.PtrToStringUTF8(message) ?? $"{path}: cannot be loaded";
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Module, $"Unable to load PKCS#11 module: {error}", "module",
                PosixFile.Exists(path)
                    ? "the file exists but is not a loadable shared library for this machine: check it is the provider's .so (e.g. /usr/lib/softhsm/libsofthsm2.so)"
                    : "no such file: install the provider (Debian: softhsm2 puts it at /usr/lib/softhsm/libsofthsm2.so) or fix the path");
        }

        var getFunctionList = (delegate* unmanaged<CK_FUNCTION_LIST**, nuint>)Dl.dlsym(handle, "C_GetFunctionList");
        if (getFunctionList == null)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Module, $"{path} is not a PKCS#11 module (it has no C_GetFunctionList)", "module",
                "give the provider's PKCS#11 .so, not another library");
        }

        CK_FUNCTION_LIST* functions;
        var rv = getFunctionList(&functions);
        if (rv != Ck.CKR_OK || functions == null)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Module, $"PKCS#11 module {path}: C_GetFunctionList failed: {Pkcs11ReturnValue.Name(rv)}", "module",
                returnValue: Pkcs11ReturnValue.Name(rv));
        }

        var args = new CK_C_INITIALIZE_ARGS { flags = Ck.CKF_OS_LOCKING_OK };
        rv = functions->C_Initialize(&args);
        if (rv != Ck.CKR_OK && rv != Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Module, $"PKCS#11 module {path} failed to initialize: {Pkcs11ReturnValue.Name(rv)}", "module",
                "the provider's own configuration is wrong (SoftHSM2: the file SOFTHSM2_CONF names, its directories.tokendir)",
                Pkcs11ReturnValue.Name(rv));
        }

        return new Pkcs11Module(path, functions, finalizeOnRelease: rv == Ck.CKR_OK);
    }
}
