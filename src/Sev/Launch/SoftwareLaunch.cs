using Qcrypto.Objects;
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
/// The VMM's steps on a software platform, as QEMU 7.2 takes them for
/// <c>-machine q35,memory-encryption=sev0 -drive if=pflash,unit=0,file=FIRMWARE [-kernel …] -S</c>:
/// sev_kvm_init, the flash measured whole, the kernel hashes, the measurement at machine-init-done;
/// then, from another process if need be, sev-inject-launch-secret and the first run (LAUNCH_FINISH).
/// </summary>
public static class SoftwareLaunch
{
    private const int FlashSector = 0x1000;
    private const int BlockSector = 512;

    /// <summary>The launch, leaving the guest measured and waiting in launch-secret (the platform keeps it).</summary>
    public static LaunchOutcome Launch(SoftwarePsp platform, SevGuest guest, ReadOnlySpan<byte> firmware, KernelBoot? kernel)
    {
        CheckFlashSize(firmware.Length);
        var launch = SevLaunch.Init(guest, platform);
        SoftwareMachine? machine = null;
        try
        {
            machine = SoftwareMachine.Create(platform, launch.Handle, firmware);
            if (machine.Table.Problem is { } problem)
            {
                launch.Reports.Add(problem);
            }

            // pc_system_flash_map: the whole of pflash unit 0, encrypted (and measured) in place.
            var flash = firmware.ToArray();
            launch.EncryptFlash((ulong)machine.FlashBase, flash);
            if (kernel is not null)
            {
                launch.AddKernelLoaderHashes(machine.Table, machine, kernel.Kernel, kernel.Initrd, kernel.Cmdline);
            }

            launch.MachineInitDone();
            machine.Save(launch);
            return new LaunchOutcome(launch.QuerySev(), launch.Measurement, launch.LaunchDigest, (ulong)machine.FlashBase, machine.FlashSize,
                machine.Table, launch.Warnings, launch.Reports);
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

    /// <summary>sev-inject-launch-secret on a launched guest, then its first run (LAUNCH_FINISH).</summary>
    public static InjectOutcome Inject(SoftwarePsp platform, uint handle, string packetHeader, string secret, ulong? gpa)
    {
        using var machine = SoftwareMachine.Open(platform, handle);
        var launch = SevLaunch.Attach(platform, handle, machine.KernelHashes, machine.Measurement);
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
