using System.Security.Cryptography;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Objects;

namespace Qcrypto.Sev.Launch;

/// <summary>
/// The VMM's side of an SEV launch, as QEMU 7.2's target/i386/sev.c runs it: sev_kvm_init (checks,
/// platform status, LAUNCH_START with the owner's files), sev_encrypt_flash (LAUNCH_UPDATE_DATA),
/// the machine-init-done measurement, the QMP commands, and LAUNCH_FINISH when the VM first runs.
/// Failures are <see cref="SevException"/>s carrying QEMU's lines, firmware status included.
/// </summary>
public sealed partial class SevLaunch : IDisposable
{
    private readonly ISevPlatform _platform;
    private readonly List<ObjectWarning> _warnings = [];
    private readonly IncrementalHash _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private SevLaunch(ISevPlatform platform, SevPolicy policy, bool kernelHashes)
    {
        _platform = platform;
        Policy = policy;
        KernelHashes = kernelHashes;
    }

    public ISevPlatform Platform => _platform;

    public SevState State { get; private set; }

    public uint Handle { get; private set; }

    public SevPolicy Policy { get; }

    public bool KernelHashes { get; }

    public byte ApiMajor { get; private set; }

    public byte ApiMinor { get; private set; }

    public byte BuildId { get; private set; }

    /// <summary>query-sev-launch-measure's data (base64 of MEASURE ‖ MNONCE) once measured.</summary>
    public string? Measurement { get; private set; }

    /// <summary>Why the last LAUNCH_MEASURE failed (the firmware's result), for callers that report it as an error.</summary>
    public SevResult? MeasureFailureResult { get; private set; }

    /// <summary>What QEMU does not warn about but the firmware will refuse or the owner should know.</summary>
    public IReadOnlyList<ObjectWarning> Warnings => _warnings;

    /// <summary>Lines QEMU reports without failing (error_report calls), in order.</summary>
    public List<string> Reports { get; } = [];

    /// <summary>
    /// The launch digest as this VMM fed it (SHA-256 of everything passed to LAUNCH_UPDATE_DATA): the
    /// firmware keeps its own copy; the guest owner recomputes it from the firmware image.
    /// </summary>
    public byte[] LaunchDigest => _digest.GetCurrentHash();

    /// <summary>
    /// sev_kvm_init: checks the object against the host, opens its sev-device, reads the platform
    /// status, initialises the VM and runs LAUNCH_START with the owner's files. On success the guest
    /// is in LAUNCH_UPDATE with its new handle.
    /// </summary>
    public static SevLaunch Init(SevGuest guest, ISevHost host)
    {
        const string F = "sev_kvm_init";
        if (host.CbitPosition != guest.CbitPosition)
        {
            throw Config($"{F}: cbitpos check failed, host '{host.CbitPosition}' requested '{guest.CbitPosition}'", "cbitpos",
                $"set cbitpos={host.CbitPosition} (query-sev-capabilities reports the host's)");
        }

        if (guest.ReducedPhysBits < 1)
        {
            throw Config($"{F}: reduced_phys_bits check failed, it should be >=1, requested '{guest.ReducedPhysBits}'", "reduced-phys-bits",
                "set reduced-phys-bits=1 (query-sev-capabilities reports the host's)");
        }

        var platform = host.Open(guest.SevDevice, out var errno)
            ?? throw new SevException(SevErrorCodes.Device, $"{F}: Failed to open {guest.SevDevice} '{PosixFile.StrError(errno)}'",
                hint: "this host has no SEV firmware device: use a software platform to run the launch without hardware", property: "sev-device");
        try
        {
            var launch = new SevLaunch(platform, guest.Policy, guest.KernelHashes);
            var r = platform.PlatformStatus(out var status);
            if (!r.Ok)
            {
                throw Fw($"{F}: failed to get platform status ret={r.Ret} fw_error='{r.FwError}: {SevStatusNames.QemuText(r.FwError)}'", r);
            }

            launch.BuildId = status.Build;
            launch.ApiMajor = status.ApiMajor;
            launch.ApiMinor = status.ApiMinor;
            if (guest.Policy.RequiresEs && !status.ConfigEs)
            {
                throw Config($"{F}: guest policy requires SEV-ES, but host SEV-ES support unavailable", "policy",
                    "clear policy bit 2 (0x4, ES): this platform runs SEV guests only");
            }

            r = platform.InitGuest(guest.Policy.RequiresEs);
            if (!r.Ok)
            {
                throw Fw($"{F}: failed to initialize ret={r.Ret} fw_error={r.FwError} '{SevStatusNames.QemuText(r.FwError)}'", r);
            }

            launch.Start(guest);
            return launch;
        }
        catch
        {
            // A device opened for this launch goes with it (a software platform is the host itself, its caller's to close).
            if (!ReferenceEquals(platform, host))
            {
                platform.Dispose();
            }

            throw;
        }
    }

    /// <summary>sev_launch_start: the owner's files and LAUNCH_START; then state LAUNCH_UPDATE.</summary>
    private void Start(SevGuest guest)
    {
        const string Context = "sev_kvm_init: failed to create encryption context";
        SecretBuffer? session = null, dhCert = null;
        try
        {
            try
            {
                session = guest.SessionFile is { } s ? ReadChecked(LaunchFiles.SessionProperty, s) : null;
                dhCert = guest.DhCertFile is { } d ? ReadChecked(LaunchFiles.DhCertProperty, d) : null;
            }
            catch (SevException e)
            {
                throw new SevException(e.Code, Context, hint: e.Fix, reports: [e.QemuMessage]);
            }

            if (LaunchFiles.CheckPair(guest.DhCertFile, guest.SessionFile) is { } pair)
            {
                _warnings.Add(pair);
            }

            var handle = guest.Handle;
            var r = _platform.LaunchStart(ref handle, guest.Policy.Value, dhCert is null ? SevBuffer.None : new SevBuffer(dhCert.Span),
                session is null ? SevBuffer.None : new SevBuffer(session.Span));
            if (!r.Ok)
            {
                // QEMU prints its variable ret, still 1 here, not the ioctl's return.
                throw new SevException(r.Status.ErrorCode(), Context, r.Status, SevHints.For(r.Status, SevCommand.LaunchStart),
                    [$"sev_launch_start: LAUNCH_START ret=1 fw_error={r.FwError} '{SevStatusNames.QemuText(r.FwError)}'"]);
            }

            State = SevState.LaunchUpdate;
            Handle = handle;
        }
        finally
        {
            session?.Dispose();
            dhCert?.Dispose();
        }
    }

    private SecretBuffer ReadChecked(string property, string path)
    {
        var decoded = LaunchFiles.Read(path);
        var fileLength = PosixFile.Stat(path, followSymlinks: true, out var status) == 0 ? status.Size : -1;
        if (LaunchFiles.Check(property, path, decoded.Length, fileLength) is { } warning)
        {
            _warnings.Add(warning);
        }

        return decoded;
    }

    /// <summary>sev_encrypt_flash: LAUNCH_UPDATE_DATA of <paramref name="data"/> while in LAUNCH_UPDATE (else nothing).</summary>
    public void EncryptFlash(ulong address, Span<byte> data)
    {
        if (State != SevState.LaunchUpdate || data.IsEmpty)
        {
            return;
        }

        var r = _platform.LaunchUpdateData(Handle, address, data);
        if (!r.Ok)
        {
            throw new SevException(r.Status.ErrorCode(), "SEV: Failed to encrypt pflash rom", r.Status, SevHints.For(r.Status, SevCommand.LaunchUpdateData),
                [$"sev_launch_update_data: LAUNCH_UPDATE ret={r.Ret} fw_error={r.FwError} '{SevStatusNames.QemuText(r.FwError)}'"]);
        }

        _digest.AppendData(data);
    }

    /// <summary>
    /// The machine-init-done notifier (sev_launch_get_measure): LAUNCH_MEASURE twice, first for the
    /// length; then state LAUNCH_SECRET. A failure is only reported, as QEMU does; the guest stays in
    /// LAUNCH_UPDATE and query-sev-launch-measure fails.
    /// </summary>
    public void MachineInitDone()
    {
        if (State != SevState.LaunchUpdate)
        {
            return;
        }

        uint length = 0;
        var r = _platform.LaunchMeasure(Handle, [], ref length);
        if (length == 0)
        {
            MeasureFailureResult = r;
            Reports.Add(MeasureFailure(r));
            return;
        }

        var data = new byte[length];
        r = _platform.LaunchMeasure(Handle, data, ref length);
        if (!r.Ok)
        {
            MeasureFailureResult = r;
            Reports.Add(MeasureFailure(r));
            return;
        }

        State = SevState.LaunchSecret;
        Measurement = Convert.ToBase64String(data, 0, (int)length);
    }

    // QEMU 7.2 prints fw_error_to_str(errno) here (the text of status 5 for EIO); we print the status's own text.
    private static string MeasureFailure(SevResult r) =>
        $"sev_launch_get_measure: LAUNCH_MEASURE ret={r.Ret} fw_error={r.FwError} '{SevStatusNames.QemuText(r.FwError)}'";

    /// <summary>The vm-state-change handler on first run (sev_launch_finish): LAUNCH_FINISH, then RUNNING.</summary>
    public void Run()
    {
        if (State == SevState.Running)
        {
            return;
        }

        var r = _platform.LaunchFinish(Handle);
        if (!r.Ok)
        {
            throw new SevException(r.Status.ErrorCode(), $"sev_launch_finish: LAUNCH_FINISH ret={r.Ret} fw_error={r.FwError} '{SevStatusNames.QemuText(r.FwError)}'",
                r.Status, SevHints.For(r.Status, SevCommand.LaunchFinish));
        }

        State = SevState.Running;
    }

    /// <summary>query-sev.</summary>
    public SevInfo QuerySev() => new(true, ApiMajor, ApiMinor, BuildId, Policy.Value, State, Handle);

    /// <summary>query-sev-launch-measure.</summary>
    public string QueryLaunchMeasure() =>
        State >= SevState.LaunchSecret && Measurement is not null ? Measurement
        : throw new SevException(SevErrorCodes.State, "SEV launch measurement is not available", hint: "the guest is measured when its machine is initialised (state launch-secret)");

    /// <summary>Frees the digest state; the platform is its opener's to close.</summary>
    public void Dispose() => _digest.Dispose();

    private static SevException Config(string message, string property, string hint) => new(SevErrorCodes.Config, message, hint: hint, property: property);

    private static SevException Fw(string message, SevResult r) =>
        new(r.FwError != 0 ? r.Status.ErrorCode() : SevErrorCodes.Device, message, r.FwError != 0 ? r.Status : null);
}
