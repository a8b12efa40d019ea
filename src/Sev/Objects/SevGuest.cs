using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Launch;

namespace Qcrypto.Sev.Objects;

/// <summary>
/// The sev-guest object: the launch parameters of an SEV guest. Creating it checks only the
/// property types, as QEMU 7.2 does (a machine's memory-encryption= runs the launch, see
/// <see cref="SevLaunch"/>); completion additionally warns about dh-cert-file and session-file
/// contents the firmware will refuse.
/// </summary>
public sealed class SevGuest : UserCreatable
{
    public const string QomType = "sev-guest";
    public const string DefaultDevice = "/dev/sev";

    private SevGuest(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(SevGuestSchema.Create(), (type, id) => new SevGuest(type, id));

    public string SevDevice => Get("sev-device")?.Text ?? DefaultDevice;

    public string? DhCertFile => Get(LaunchFiles.DhCertProperty)?.Text;

    public string? SessionFile => Get(LaunchFiles.SessionProperty)?.Text;

    public SevPolicy Policy => Get("policy") is { } p ? new SevPolicy(p.AsUInt32) : SevPolicy.Default;

    public uint Handle => Get("handle")?.AsUInt32 ?? 0;

    public uint CbitPosition => Get("cbitpos")?.AsUInt32 ?? 0;

    public uint ReducedPhysBits => Get("reduced-phys-bits")?.AsUInt32 ?? 0;

    public bool KernelHashes => Get("kernel-hashes")?.Flag ?? false;

    protected override void OnComplete(ObjectRegistry registry)
    {
        foreach (var (property, path) in new[] { (LaunchFiles.DhCertProperty, DhCertFile), (LaunchFiles.SessionProperty, SessionFile) })
        {
            if (path is null)
            {
                continue;
            }

            try
            {
                using var decoded = LaunchFiles.Read(path);
                var fileLength = PosixFile.Stat(path, followSymlinks: true, out var status) == 0 ? status.Size : -1;
                if (LaunchFiles.Check(property, path, decoded.Length, fileLength) is { } warning)
                {
                    Warn(warning.Code, warning.Message, warning.Hint);
                }
            }
            catch (SevException e)
            {
                Warn("sev-file-unreadable", $"{e.QemuMessage}: a launch with this object fails", e.Hint);
            }
        }

        if (LaunchFiles.CheckPair(DhCertFile, SessionFile) is { } pair)
        {
            Warn(pair.Code, pair.Message, pair.Hint);
        }
    }
}
