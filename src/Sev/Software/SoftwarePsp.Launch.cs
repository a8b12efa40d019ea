using System.Buffers.Binary;
using System.Security.Cryptography;
using Qcrypto.Keys;
using Qcrypto.Posix;
using Qcrypto.Primitives;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Crypto;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Files;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Software;

/// <summary>The guest commands of the software firmware, each with the firmware's checks and statuses.</summary>
public sealed partial class SoftwarePsp
{
    /// <summary>SEV_FW_BLOB_MAX_SIZE: the most the kernel copies from a VMM's buffer.</summary>
    private const int KernelBlobLimit = 0x4000;

    public SevResult LaunchStart(ref uint handle, uint policy, SevBuffer dhCertificate, SevBuffer session)
    {
        // KVM copies each buffer given (psp_copy_user_blob): none of 0 bytes, none over 16 KiB.
        foreach (var buffer in new[] { (dhCertificate.IsGiven, dhCertificate.Length), (session.IsGiven, session.Length) })
        {
            if (buffer.IsGiven && (buffer.Length == 0 || buffer.Length > KernelBlobLimit))
            {
                return SevResult.Os(Errno.EINVAL);
            }
        }

        var p = new SevPolicy(policy);
        if (handle != 0)
        {
            // Key sharing with an existing guest: both policies must allow it.
            var shared = FindGuest(handle);
            if (shared is null)
            {
                return SevResult.Firmware(SevStatus.InvalidGuest);
            }

            if (!shared.Policy.KeySharingAllowed || !p.KeySharingAllowed)
            {
                return SevResult.Firmware(SevStatus.PolicyFailure);
            }
        }

        if (p.HasReservedBits || (p.MinApiMajor, p.MinApiMinor).CompareTo((Options.ApiMajor, Options.ApiMinor)) > 0 || p.RequiresEs)
        {
            return SevResult.Firmware(SevStatus.PolicyFailure);
        }

        if ((uint)GuestHandles().Count >= Options.MaxGuests)
        {
            return SevResult.Firmware(SevStatus.ResourceLimit);
        }

        var status = SessionUnwrap.Unwrap(_identity.Pdh, p, dhCertificate.Bytes, session.Bytes, out var keys);
        if (status != SevStatus.Success)
        {
            return SevResult.Firmware(status);
        }

        using (keys)
        {
            var newHandle = GuestHandles().DefaultIfEmpty(0u).Max() + 1;
            var directory = Path.Combine(GuestsDirectory, SoftwareGuest.DirectoryName(newHandle));
            SevFiles.EnsureDirectory(directory, SevFiles.PrivateDirectoryMode);
            _guests[newHandle] = SoftwareGuest.Create(directory, newHandle, p, SecretBuffer.CopyOf(keys!.Span));
            handle = newHandle;
            return SevResult.Success;
        }
    }

    public SevResult LaunchUpdateData(uint handle, ulong address, Span<byte> data)
    {
        if (Check(handle, SevGuestState.LaunchUpdate, out var guest) is { } refused)
        {
            return refused;
        }

        if (address % SevSizes.Alignment != 0)
        {
            return SevResult.Firmware(SevStatus.InvalidAddress);
        }

        if (data.IsEmpty || data.Length % SevSizes.Alignment != 0)
        {
            return SevResult.Firmware(SevStatus.InvalidLength);
        }

        guest!.AppendLaunchData(data);
        return SevResult.Success;
    }

    public SevResult LaunchMeasure(uint handle, Span<byte> measurement, ref uint length)
    {
        if (Check(handle, SevGuestState.LaunchUpdate, out var guest) is { } refused)
        {
            return refused;
        }

        if (length < SevSizes.Measurement || measurement.Length < SevSizes.Measurement)
        {
            length = SevSizes.Measurement;
            return SevResult.Firmware(SevStatus.InvalidLength);
        }

        var mnonce = RandomNumberGenerator.GetBytes(SevSizes.Mnonce);
        var digest = guest!.FinishLaunchDigest();
        var measure = new byte[SevSizes.Measure];
        SevFormulas.Measurement(guest.Tik, Options.ApiMajor, Options.ApiMinor, Options.Build, guest.Policy, digest, mnonce, measure);
        guest.Measure = measure;
        guest.Mnonce = mnonce;
        guest.Digest = digest;
        guest.State = SevGuestState.LaunchSecret;
        guest.Save();
        measure.CopyTo(measurement);
        mnonce.CopyTo(measurement[SevSizes.Measure..]);
        length = SevSizes.Measurement;
        return SevResult.Success;
    }

    public SevResult LaunchSecret(uint handle, ReadOnlySpan<byte> header, ulong address, Span<byte> guest, ReadOnlySpan<byte> transport)
    {
        if (Check(handle, SevGuestState.LaunchSecret, out var context) is { } refused)
        {
            return refused;
        }

        if (header.Length != SevSizes.PacketHeader)
        {
            return SevResult.Firmware(SevStatus.InvalidLength);
        }

        var flags = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if ((flags & ~PacketHeaderLayout.Compressed) != 0)
        {
            return SevResult.Firmware(SevStatus.InvalidParameter);
        }

        if ((flags & PacketHeaderLayout.Compressed) != 0)
        {
            return SevResult.Firmware(SevStatus.Unsupported);
        }

        if (address % SevSizes.Alignment != 0)
        {
            return SevResult.Firmware(SevStatus.InvalidAddress);
        }

        if (guest.IsEmpty || guest.Length % SevSizes.Alignment != 0 || transport.Length != guest.Length)
        {
            return SevResult.Firmware(SevStatus.InvalidLength);
        }

        Span<byte> mac = stackalloc byte[SevFormulas.MacLength];
        var iv = header.Slice(PacketHeaderLayout.Iv, 16);
        SevFormulas.SecretMac(context!.Tik, flags, iv, (uint)guest.Length, transport, context.Measure, mac);
        if (!ConstantTime.Equals(mac, header.Slice(PacketHeaderLayout.Mac, SevFormulas.MacLength)))
        {
            return SevResult.Firmware(SevStatus.BadMeasurement);
        }

        AesCtr.Transform(context.Tek, iv, transport, guest);
        return SevResult.Success;
    }

    public SevResult LaunchFinish(uint handle)
    {
        if (Check(handle, SevGuestState.LaunchSecret, out var guest) is { } refused)
        {
            return refused;
        }

        guest!.State = SevGuestState.Running;
        guest.Save();
        return SevResult.Success;
    }

    public SevResult GuestStatus(uint handle, out GuestStatus status)
    {
        var guest = FindGuest(handle);
        status = guest is null ? new GuestStatus(handle, 0, 0, SevGuestState.Uninit) : new GuestStatus(guest.Handle, guest.Policy.Value, guest.Asid, guest.State);
        return guest is null ? SevResult.Firmware(SevStatus.InvalidGuest) : SevResult.Success;
    }

    public SevResult Decommission(uint handle)
    {
        var guest = FindGuest(handle);
        if (guest is null)
        {
            return SevResult.Firmware(SevStatus.InvalidGuest);
        }

        _guests.Remove(handle);
        guest.Delete();
        guest.Dispose();
        return SevResult.Success;
    }

    /// <summary>The guest of <paramref name="handle"/> in <paramref name="state"/>, or the firmware's refusal.</summary>
    private SevResult? Check(uint handle, SevGuestState state, out SoftwareGuest? guest)
    {
        guest = FindGuest(handle);
        return guest is null ? SevResult.Firmware(SevStatus.InvalidGuest)
            : guest.State != state ? SevResult.Firmware(SevStatus.InvalidGuestState)
            : null;
    }
}
