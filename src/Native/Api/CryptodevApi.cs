using System.Runtime.InteropServices;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Native.Cryptodev;
using Qcrypto.Native.Handles;
using Qcrypto.Native.Interop;

namespace Qcrypto.Native.Api;

/// <summary>qcrypto_cryptodev_*: a virtio-crypto device on a cryptodev backend (sysemu/cryptodev.h, hw/virtio/virtio-crypto.c).</summary>
internal static unsafe class CryptodevApi
{
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_cryptodev_new")]
    public static nint New(nint reg, byte* backendId, ulong features, nint* errp)
    {
        const string function = "qcrypto_cryptodev_new";
        try
        {
            var registry = RegistryApi.Lookup(reg, function, errp);
            if (registry is null)
            {
                return 0;
            }

            if (NativeText.From(backendId) is not { } id)
            {
                ErrorSink.Null(errp, function, "backend_id");
                return 0;
            }

            return HandleTable.Add(NativeCryptodev.Create(registry, id, features));
        }
        catch (ArgumentException)
        {
            ErrorSink.Set(errp, ErrorSink.InvalidArgument, $"{function}: the stateless feature bits need VIRTIO_CRYPTO_F_REVISION_1");
            return 0;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_cryptodev_process_control")]
    public static int ProcessControl(nint dev, Iovec* outSg, uint outNum, Iovec* inSg, uint inNum, uint* usedLen, nint* errp)
    {
        try
        {
            if (Device(dev, "qcrypto_cryptodev_process_control", errp) is not { } device || Element(outSg, outNum, inSg, inNum, "qcrypto_cryptodev_process_control", errp) is not { } element)
            {
                return -1;
            }

            RequestResult result;
            lock (device.ControlLock)
            {
                result = device.Device.ProcessControl(element);
            }

            return Outcome(result, usedLen, errp);
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_cryptodev_process_data")]
    public static int ProcessData(nint dev, int queue, Iovec* outSg, uint outNum, Iovec* inSg, uint inNum, uint* usedLen, nint* errp)
    {
        try
        {
            if (Device(dev, "qcrypto_cryptodev_process_data", errp) is not { } device || Element(outSg, outNum, inSg, inNum, "qcrypto_cryptodev_process_data", errp) is not { } element)
            {
                return -1;
            }

            return Outcome(device.Device.ProcessData(queue, element), usedLen, errp);
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_cryptodev_create_cipher_session")]
    public static int CreateCipherSession(nint dev, int algo, int op, byte* key, nuint keyLen, ulong* sessionId, nint* errp)
    {
        const string function = "qcrypto_cryptodev_create_cipher_session";
        try
        {
            if (Device(dev, function, errp) is not { } device)
            {
                return -1;
            }

            if ((key is null && keyLen > 0) || sessionId is null)
            {
                ErrorSink.Null(errp, function, sessionId is null ? "session_id" : "key");
                return -1;
            }

            (VirtioCryptoStatus Status, ulong Id) created;
            lock (device.ControlLock)
            {
                created = new VirtioCryptoDriver(device.Device).CreateCipherSession((VirtioCryptoCipherAlgo)algo, (VirtioCryptoOp)op, new ReadOnlySpan<byte>(key, (int)keyLen));
            }

            *sessionId = created.Id;
            return (int)created.Status;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_cryptodev_cipher")]
    public static int Cipher(nint dev, ulong sessionId, int op, byte* iv, nuint ivLen, byte* src, byte* dst, nuint len, nint* errp)
    {
        const string function = "qcrypto_cryptodev_cipher";
        try
        {
            if (Device(dev, function, errp) is not { } device)
            {
                return -1;
            }

            if ((iv is null && ivLen > 0) || ((src is null || dst is null) && len > 0))
            {
                ErrorSink.Null(errp, function, iv is null && ivLen > 0 ? "iv" : src is null ? "src" : "dst");
                return -1;
            }

            var result = new VirtioCryptoDriver(device.Device).Cipher(sessionId, op == (int)VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT,
                new ReadOnlySpan<byte>(iv, (int)ivLen).ToArray(), new ReadOnlySpan<byte>(src, (int)len).ToArray());
            if (result.Status == VirtioCryptoStatus.VIRTIO_CRYPTO_OK)
            {
                result.Output.AsSpan(0, (int)len).CopyTo(new Span<byte>(dst, (int)len));
            }

            return (int)result.Status;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_cryptodev_close_session")]
    public static int CloseSession(nint dev, ulong sessionId, nint* errp)
    {
        try
        {
            if (Device(dev, "qcrypto_cryptodev_close_session", errp) is not { } device)
            {
                return -1;
            }

            lock (device.ControlLock)
            {
                return (int)new VirtioCryptoDriver(device.Device).DestroySession(sessionId);
            }
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_cryptodev_free")]
    public static void Free(nint dev)
    {
        if (dev == 0)
        {
            return;
        }

        try
        {
            if (HandleTable.Remove<NativeCryptodev>(dev) is { } device)
            {
                device.Dispose();
            }
            else
            {
                Misuse.Report("qcrypto_cryptodev_free", "dev", "QcryptoCryptodev");
            }
        }
        catch (Exception)
        {
        }
    }

    private static NativeCryptodev? Device(nint dev, string function, nint* errp)
    {
        if (dev == 0)
        {
            ErrorSink.Null(errp, function, "dev");
            return null;
        }

        var device = HandleTable.Get<NativeCryptodev>(dev);
        if (device is null)
        {
            ErrorSink.BadHandle(errp, function, "dev", "QcryptoCryptodev");
        }

        return device;
    }

    private static VirtqueueElement? Element(Iovec* outSg, uint outNum, Iovec* inSg, uint inNum, string function, nint* errp)
    {
        if ((outSg is null && outNum > 0) || (inSg is null && inNum > 0))
        {
            ErrorSink.Null(errp, function, outSg is null ? "out_sg" : "in_sg");
            return null;
        }

        var element = new VirtqueueElement((int)Math.Max(outNum, inNum) + 1);
        for (var i = 0; i < outNum; i++)
        {
            element.AddReadable(new UnmanagedSegment(outSg[i].Base, checked((int)outSg[i].Length)).Memory);
        }

        for (var i = 0; i < inNum; i++)
        {
            element.AddWritable(new UnmanagedSegment(inSg[i].Base, checked((int)inSg[i].Length)).Memory);
        }

        return element;
    }

    private static int Outcome(RequestResult result, uint* usedLen, nint* errp)
    {
        if (usedLen is not null)
        {
            *usedLen = result.UsedLength;
        }

        if (result.DeviceError is { } broken)
        {
            ErrorSink.Set(errp, "virtio-crypto-broken", broken);
            return -1;
        }

        return (int)result.Status;
    }
}
