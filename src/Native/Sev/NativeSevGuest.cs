using Qcrypto.Native.Api;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Objects;

namespace Qcrypto.Native.Sev;

/// <summary>
/// A QcryptoSevGuest: one SEV guest launched on a software platform, as QEMU's SevGuestState is for its
/// machine. Calls on one guest are serialised (QEMU issues them from its main loop); the firmware commands
/// of all guests on one platform take the platform's gate. Freeing it decommissions the guest, as the
/// kernel does when a VM goes away.
/// </summary>
internal sealed class NativeSevGuest : IDisposable
{
    private readonly NativeRegistry _registry;
    private readonly SevPlatforms.Lease _lease;
    private readonly SevLaunch _launch;
    private readonly object _gate = new();
    private bool _disposed;

    private NativeSevGuest(NativeRegistry registry, SevPlatforms.Lease lease, SevLaunch launch)
    {
        _registry = registry;
        _lease = lease;
        _launch = launch;
    }

    /// <summary>sev_kvm_init: the sev-guest object <paramref name="id"/>'s checks and LAUNCH_START on the platform in <paramref name="directory"/>.</summary>
    public static NativeSevGuest Start(NativeRegistry registry, string id, string directory)
    {
        var guest = registry.Read(r => r.Get<SevGuest>(id));
        var lease = SevPlatforms.Acquire(directory);
        try
        {
            SevLaunch launch;
            lock (lease.Gate)
            {
                launch = SevLaunch.Init(guest, lease.Platform);
            }

            registry.AddDependent();
            return new NativeSevGuest(registry, lease, launch);
        }
        catch
        {
            SevPlatforms.Release(lease);
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> on the launch, one call at a time, the platform's gate held.</summary>
    public T Do<T>(Func<SevLaunch, T> action)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new NativeApiException(ErrorSink.InvalidHandle, "the QcryptoSevGuest has been freed");
            }

            lock (_lease.Gate)
            {
                return action(_launch);
            }
        }
    }

    /// <summary>
    /// The machine-init-done measurement (if still in launch-update), then query-sev-launch-measure. A firmware
    /// refusal is the error itself (QEMU only reports it, and the query then fails): its status names the code.
    /// </summary>
    public string Measure() => Do(l =>
    {
        l.MachineInitDone();
        if (l.State == SevState.LaunchUpdate && l.MeasureFailureResult is { } r)
        {
            var code = r.FwError != 0 ? Qcrypto.Sev.Firmware.SevStatusNames.ErrorCode(r.Status) : SevErrorCodes.Device;
            throw new SevException(code, "SEV launch measurement is not available", r.FwError != 0 ? r.Status : null, reports: [.. l.Reports]);
        }

        return l.QueryLaunchMeasure();
    });

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                lock (_lease.Gate)
                {
                    _ = _lease.Platform.Decommission(_launch.Handle);
                    _launch.Dispose();
                }
            }
            finally
            {
                SevPlatforms.Release(_lease);
                _registry.RemoveDependent();
            }
        }
    }
}
