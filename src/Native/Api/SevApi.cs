using System.Runtime.InteropServices;
using Qcrypto.Native.Handles;
using Qcrypto.Native.Interop;
using Qcrypto.Native.Sev;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Launch;

namespace Qcrypto.Native.Api;

/// <summary>
/// qcrypto_sev_*: an SEV guest's launch as QEMU 7.2's target/i386/sev.c runs it (sev_kvm_init's LAUNCH_START,
/// sev_encrypt_flash, the measurement, LAUNCH_FINISH) and its QMP commands (query-sev,
/// query-sev-launch-measure, query-sev-capabilities, sev-inject-launch-secret), on a software platform.
/// </summary>
internal static unsafe class SevApi
{
    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_launch_start")]
    public static nint LaunchStart(nint reg, byte* sevId, byte* platformDir, nint* errp)
    {
        const string function = "qcrypto_sev_launch_start";
        try
        {
            var registry = RegistryApi.Lookup(reg, function, errp);
            if (registry is null)
            {
                return 0;
            }

            if (NativeText.From(sevId) is not { } id || NativeText.From(platformDir) is not { } directory)
            {
                ErrorSink.Null(errp, function, sevId is null ? "sev_id" : "platform_dir");
                return 0;
            }

            return HandleTable.Add(NativeSevGuest.Start(registry, id, directory));
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_launch_update_data")]
    public static int LaunchUpdateData(nint s, ulong gpa, byte* data, nuint len, nint* errp)
    {
        const string function = "qcrypto_sev_launch_update_data";
        try
        {
            if (Guest(s, function, errp) is not { } guest)
            {
                return -1;
            }

            if (data is null || len > int.MaxValue)
            {
                ErrorSink.Set(errp, ErrorSink.InvalidArgument, data is null ? $"{function}: 'data' must not be NULL" : $"{function}: 'len' is over 2 GiB");
                return -1;
            }

            var buffer = (nint)data;
            var length = (int)len;
            guest.Do(l =>
            {
                // QEMU's sev_encrypt_flash does nothing outside LAUNCH_UPDATE; a library caller is told.
                if (l.State != SevState.LaunchUpdate)
                {
                    throw new NativeApiException(ErrorSink.WrongState, $"{function}: the guest is in state {l.State.QapiName()}, not launch-update");
                }

                l.EncryptFlash(gpa, new Span<byte>((void*)buffer, length));
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

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_launch_measure")]
    public static byte* LaunchMeasure(nint s, nint* errp)
    {
        try
        {
            return Guest(s, "qcrypto_sev_launch_measure", errp) is { } guest ? NativeBuffers.Utf8(guest.Measure()) : null;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_inject_launch_secret")]
    public static int InjectLaunchSecret(nint s, byte* packetHeader, byte* secret, ulong gpa, byte* mem, nuint memLen, nint* errp)
    {
        const string function = "qcrypto_sev_inject_launch_secret";
        try
        {
            if (Guest(s, function, errp) is not { } guest)
            {
                return -1;
            }

            var header = NativeText.From(packetHeader);
            var data = NativeText.From(secret);
            if (header is null || data is null || mem is null)
            {
                ErrorSink.Null(errp, function, header is null ? "packet_header" : data is null ? "secret" : "mem");
                return -1;
            }

            var memory = new CallerMemory(gpa, mem, memLen);
            return guest.Do(l => l.InjectLaunchSecret(header, data, gpa, memory));
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_launch_finish")]
    public static int LaunchFinish(nint s, nint* errp)
    {
        try
        {
            if (Guest(s, "qcrypto_sev_launch_finish", errp) is not { } guest)
            {
                return -1;
            }

            guest.Do(l =>
            {
                l.Run();
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

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_query")]
    public static byte* Query(nint s, nint* errp)
    {
        try
        {
            return Guest(s, "qcrypto_sev_query", errp) is { } guest ? NativeBuffers.CopyOf(SevJson.Info(guest.Do(l => l.QuerySev()))) : null;
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_query_capabilities")]
    public static byte* QueryCapabilities(byte* platformDir, nint* errp)
    {
        try
        {
            if (NativeText.From(platformDir) is not { } directory)
            {
                ErrorSink.Null(errp, "qcrypto_sev_query_capabilities", "platform_dir");
                return null;
            }

            var lease = SevPlatforms.Acquire(directory);
            try
            {
                SevCapability capability;
                lock (lease.Gate)
                {
                    capability = SevLaunch.QueryCapabilities(lease.Platform, lease.Platform);
                }

                return NativeBuffers.CopyOf(SevJson.Capabilities(capability));
            }
            finally
            {
                SevPlatforms.Release(lease);
            }
        }
        catch (Exception e)
        {
            ErrorSink.Set(errp, e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "qcrypto_sev_guest_free")]
    public static void Free(nint s)
    {
        if (s == 0)
        {
            return;
        }

        try
        {
            if (HandleTable.Remove<NativeSevGuest>(s) is { } guest)
            {
                guest.Dispose();
            }
            else
            {
                Misuse.Report("qcrypto_sev_guest_free", "s", "QcryptoSevGuest");
            }
        }
        catch (Exception)
        {
            // DECOMMISSION failed: the guest handle is gone all the same, and nothing may cross into C.
        }
    }

    private static NativeSevGuest? Guest(nint s, string function, nint* errp)
    {
        if (s == 0)
        {
            ErrorSink.Null(errp, function, "s");
            return null;
        }

        var guest = HandleTable.Get<NativeSevGuest>(s);
        if (guest is null)
        {
            ErrorSink.BadHandle(errp, function, "s", "QcryptoSevGuest");
        }

        return guest;
    }
}
