using System.Runtime.InteropServices;
using Qcrypto.Native.Interop;
using Qcrypto.Rng;

namespace Qcrypto.Native.Api;

/// <summary>qcrypto_rng_read (sysemu/rng.h's rng_backend_request_entropy, completed) and qcrypto_chardev_add.</summary>
internal static unsafe class RngApi
{
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_rng_read")]
    public static int Read(nint reg, byte* id, void* buf, nuint len, nint* errp)
    {
        const string function = "qcrypto_rng_read";
        try
        {
            var registry = RegistryApi.Lookup(reg, function, errp);
            if (registry is null)
            {
                return -1;
            }

            if (NativeText.From(id) is not { } name)
            {
                ErrorSink.Null(errp, function, "id");
                return -1;
            }

            if (buf is null)
            {
                ErrorSink.Null(errp, function, "buf");
                return -1;
            }

            var buffer = (nint)buf;
            var length = (int)Math.Min(len, int.MaxValue);
            registry.Read(r =>
            {
                r.Get<RngBackend>(name).Read(new Span<byte>((void*)buffer, length));
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

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_chardev_add")]
    public static int ChardevAdd(nint reg, byte* chardevArg, nint* errp)
    {
        const string function = "qcrypto_chardev_add";
        try
        {
            var registry = RegistryApi.Lookup(reg, function, errp);
            if (registry is null)
            {
                return -1;
            }

            if (NativeText.From(chardevArg) is not { } spec)
            {
                ErrorSink.Null(errp, function, "chardev_arg");
                return -1;
            }

            registry.Write(r => r.Options.Chardevs!.Add(spec));
            return 0;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }
}
