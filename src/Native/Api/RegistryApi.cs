using System.Runtime.InteropServices;
using Qcrypto.Native.Handles;
using Qcrypto.Native.Interop;

namespace Qcrypto.Native.Api;

/// <summary>qcrypto_version, qcrypto_registry_new/free, qcrypto_object_add/del.</summary>
internal static unsafe class RegistryApi
{
    private static readonly nint Version = (nint)StaticStrings.Version;

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_version")]
    public static byte* QcryptoVersion() => (byte*)Version;

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_registry_new")]
    public static nint RegistryNew()
    {
        try
        {
            return HandleTable.Add(new NativeRegistry());
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_registry_free")]
    public static void RegistryFree(nint reg)
    {
        if (reg == 0)
        {
            return;
        }

        try
        {
            if (HandleTable.Remove<NativeRegistry>(reg) is { } registry)
            {
                if (!registry.Free())
                {
                    Misuse.Warn("qcrypto_registry_free: TLS sessions, cryptodev devices or SEV guests made from this registry are still live; it is freed with the last of them");
                }
            }
            else
            {
                Misuse.Report("qcrypto_registry_free", "reg", "QcryptoRegistry");
            }
        }
        catch (Exception)
        {
            // Disposal of an object failed: nothing the caller can do, and nothing may cross into C.
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_object_add")]
    public static int ObjectAdd(nint reg, byte* objectArg, nint* errp)
    {
        try
        {
            var registry = Lookup(reg, "qcrypto_object_add", errp);
            var line = NativeText.From(objectArg);
            if (registry is null)
            {
                return -1;
            }

            if (line is null)
            {
                ErrorSink.Null(errp, "qcrypto_object_add", "object_arg");
                return -1;
            }

            registry.Write(r => r.Add(line));
            return 0;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_object_del")]
    public static int ObjectDel(nint reg, byte* id, nint* errp)
    {
        try
        {
            var registry = Lookup(reg, "qcrypto_object_del", errp);
            var name = NativeText.From(id);
            if (registry is null)
            {
                return -1;
            }

            if (name is null)
            {
                ErrorSink.Null(errp, "qcrypto_object_del", "id");
                return -1;
            }

            registry.Write(r =>
            {
                r.Delete(name);
                return 0;
            });
            return 0;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    /// <summary>The live registry behind <paramref name="reg"/>, or null with *errp set.</summary>
    internal static NativeRegistry? Lookup(nint reg, string function, nint* errp)
    {
        if (reg == 0)
        {
            ErrorSink.Null(errp, function, "reg");
            return null;
        }

        var registry = HandleTable.Get<NativeRegistry>(reg);
        if (registry is null)
        {
            ErrorSink.BadHandle(errp, function, "reg", "QcryptoRegistry");
        }

        return registry;
    }
}
