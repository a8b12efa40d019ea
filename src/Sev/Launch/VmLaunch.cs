using Qcrypto.Objects;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Objects;
using Qcrypto.Sev.Ovmf;
using Qcrypto.Sev.Software;

namespace Qcrypto.Sev.Launch;

/// <summary>A Linux direct boot for a measured launch: the kernel file, the initrd (empty if none), the command line (-append).</summary>
public sealed record KernelBoot(byte[] Kernel, byte[] Initrd, byte[] Cmdline);

/// <summary>What a launch up to the measurement produced (QEMU started with -S, paused before its first run).</summary>
public sealed record LaunchOutcome(SevInfo Info, string? Measurement, byte[] LaunchDigest, ulong FlashBase, long FlashSize,
    OvmfGuidTable Table, IReadOnlyList<ObjectWarning> Warnings, IReadOnlyList<string> Reports);

/// <summary>What injecting the secret and starting the guest did: the state, where the secret went, and what the guest sees there.</summary>
public sealed record InjectOutcome(SevInfo Info, ulong Address, byte[] GuestMemory, IReadOnlyList<ObjectWarning> Warnings);

/// <summary>
/// The VMM's steps, as QEMU 7.2 takes them for
/// <c>-machine q35,memory-encryption=sev0 -drive if=pflash,unit=0,file=FIRMWARE [-kernel …] -S</c>:
/// sev_kvm_init, the flash measured whole, the kernel hashes, the measurement at machine-init-done;
/// then sev-inject-launch-secret and the first run (LAUNCH_FINISH). On a software platform the guest
/// outlives the process, so the injection can come from another one; on the host's SEV device the
/// guest lives as long as its VM.
/// </summary>
public static class VmLaunch
{
    private const int FlashSector = 0x1000;
    private const int BlockSector = 512;

    /// <summary>The launch, leaving the guest measured and waiting in launch-secret (the platform keeps it).</summary>
    public static LaunchOutcome Launch(SoftwarePsp platform, SevGuest guest, ReadOnlySpan<byte> firmware, KernelBoot? kernel)
    {
        CheckFlashSize(firmware.Length);
        using var launch = SevLaunch.Init(guest, platform);
        SoftwareMachine? machine = null;
        try
        {
            machine = SoftwareMachine.Create(platform, launch.Handle, firmware);
            var outcome = Measure(launch, machine, firmware, kernel);
            machine.Save(launch);
            return outcome;
        }
        catch
        {
            // QEMU exits; the kernel decommissions the guest of the VM that went away.
            _ = platform.Decommission(launch.Handle);
            machine?.Delete();
            throw;
        }
        finally
        {
            machine?.Dispose();
        }
    }

    /// <summary>
    /// The launch on this host's SEV device (sev-device): the returned platform holds the VM and its
    /// guest, measured and waiting in launch-secret, until disposed.
    /// </summary>
    public static (LaunchOutcome Outcome, ISevPlatform Platform) Launch(ISevHost host, SevGuest guest, ReadOnlySpan<byte> firmware, KernelBoot? kernel)
    {
        CheckFlashSize(firmware.Length);
        using var launch = SevLaunch.Init(guest, host);
        try
        {
            var memory = launch.Platform as IGuestMemory ?? throw new InvalidOperationException("the platform holds no guest memory");
            return (Measure(launch, memory, firmware, kernel), launch.Platform);
        }
        catch
        {
            launch.Platform.Dispose();
            throw;
        }
    }

    /// <summary>From LAUNCH_UPDATE to the measurement: pflash unit 0 whole, the kernel hashes, machine-init-done.</summary>
    private static LaunchOutcome Measure(SevLaunch launch, IGuestMemory memory, ReadOnlySpan<byte> firmware, KernelBoot? kernel)
    {
        var table = OvmfGuidTable.Parse(firmware);
        if (table.Problem is { } problem)
        {
            launch.Reports.Add(problem);
        }

        // pc_system_flash_map: the whole of pflash unit 0, encrypted (and measured) in place, just below 4 GiB.
        var flash = firmware.ToArray();
        var flashBase = (ulong)(SoftwareMachine.FlashTop - flash.Length);
        launch.EncryptFlash(flashBase, flash);
        if (kernel is not null)
        {
            launch.AddKernelLoaderHashes(table, memory, kernel.Kernel, kernel.Initrd, kernel.Cmdline);
        }

        launch.MachineInitDone();
        return new LaunchOutcome(launch.QuerySev(), launch.Measurement, launch.LaunchDigest, flashBase, flash.Length, table, launch.Warnings, launch.Reports);
    }

    /// <summary>sev-inject-launch-secret on a launched guest, then its first run (LAUNCH_FINISH).</summary>
    public static InjectOutcome Inject(SoftwarePsp platform, uint handle, string packetHeader, string secret, ulong? gpa)
    {
        using var machine = SoftwareMachine.Open(platform, handle);
        using var launch = SevLaunch.Attach(platform, handle, machine.KernelHashes, machine.Measurement);
        var (address, length) = launch.InjectLaunchSecret(packetHeader, secret, gpa, machine.Table, machine);
        launch.Run();
        machine.Save(launch);
        return new InjectOutcome(launch.QuerySev(), address, machine.Read(address, length), launch.Warnings);
    }

    /// <summary>pc_system_flash_map's size rule: a non-zero multiple of 4 KiB (the block layer rounds to 512-byte sectors first).</summary>
    private static void CheckFlashSize(int length)
    {
        var size = (long)(length + BlockSector - 1) / BlockSector * BlockSector;
        if (size == 0 || size % FlashSector != 0)
        {
            throw new SevException(SevErrorCodes.Firmware, $"system firmware block device pflash0 has invalid size {size}",
                hint: $"info: its size must be a non-zero multiple of 0x{FlashSector:x}");
        }
    }
}
