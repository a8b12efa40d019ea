using System.Globalization;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Files;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Interop;

namespace Qcrypto.Sev.Software;

/// <summary>
/// A software model of the SEV firmware (the PSP) with its state in a directory: the platform keys
/// and certificates, and one context per guest, so a guest launched by one process can be given its
/// secret by another, as a real platform keeps its guests. Every command checks what the firmware
/// checks, in that order, and answers with the firmware's status. Opening the platform takes an
/// exclusive lock on the directory until disposed (the PSP runs one command at a time).
/// </summary>
/// <remarks>
/// Guest memory is modelled as the guest sees it: LAUNCH_UPDATE_DATA measures the data and leaves
/// it readable, LAUNCH_SECRET writes the decrypted secret. A real host sees only ciphertext there.
/// </remarks>
public sealed partial class SoftwarePsp : ISevPlatform, ISevHost
{
    private readonly int _lockFd;
    private readonly PlatformIdentity _identity;
    private readonly byte[] _cpuId;
    private readonly Dictionary<uint, SoftwareGuest> _guests = [];
    private bool _disposed;

    private SoftwarePsp(string directory, SoftwarePspOptions options, byte[] cpuId, PlatformIdentity identity, int lockFd)
    {
        Directory = directory;
        Options = options;
        _cpuId = cpuId;
        _identity = identity;
        _lockFd = lockFd;
    }

    public string Directory { get; }

    public SoftwarePspOptions Options { get; }

    public string Name => $"software platform {Directory}";

    public uint CbitPosition => Options.CbitPosition;

    private string GuestsDirectory => Path.Combine(Directory, PlatformStore.GuestsDirectory);

    /// <summary>Makes a new software platform in <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Create(string directory, SoftwarePspOptions? options = null) =>
        PlatformStore.Create(PosixFile.FullPath(directory), options ?? new SoftwarePspOptions());

    /// <summary>Opens the platform in <paramref name="directory"/>, waiting for other users of it to finish.</summary>
    public static SoftwarePsp Open(string directory, bool allowWorldReadableKeys = false)
    {
        directory = PosixFile.FullPath(directory);
        if (!SevFiles.Exists(Path.Combine(directory, PlatformStore.ConfigFile)))
        {
            throw new SevException(SevErrorCodes.Platform, $"{directory} is not a software SEV platform (no {PlatformStore.ConfigFile})",
                hint: "make one with 'sev platform init'");
        }

        var lockPath = Path.Combine(directory, PlatformStore.LockFile);
        var errno = PosixFile.Open(lockPath, PosixFile.WriteOnly | PosixFile.Create | PosixFile.CloseOnExec, SevFiles.PrivateMode, out var fd);
        errno = errno != 0 ? errno : Libc.LockExclusiveWait(fd);
        if (errno != 0)
        {
            throw new SevException(SevErrorCodes.Platform, $"cannot lock {lockPath}: {PosixFile.StrError(errno)}");
        }

        try
        {
            var (options, cpuId, identity) = PlatformStore.Load(directory, allowWorldReadableKeys);
            return new SoftwarePsp(directory, options, cpuId, identity, fd);
        }
        catch
        {
            PosixFile.Close(fd);
            throw;
        }
    }

    /// <summary>The software platform needs no device: any sev-device opens it.</summary>
    public ISevPlatform? Open(string device, out int errno)
    {
        errno = 0;
        return this;
    }

    public SevResult PlatformStatus(out PlatformStatus status)
    {
        var count = (uint)GuestHandles().Count;
        status = new PlatformStatus(Options.ApiMajor, Options.ApiMinor, count > 0 ? SevPlatformState.Working : SevPlatformState.Init,
            ExternallyOwned: false, ConfigEs: false, Options.Build, count);
        return SevResult.Success;
    }

    public SevResult PdhCertExport(Span<byte> pdh, ref uint pdhLength, Span<byte> chain, ref uint chainLength)
    {
        if (pdhLength < SevSizes.Certificate || chainLength < SevSizes.CertificateChain || pdh.Length < SevSizes.Certificate || chain.Length < SevSizes.CertificateChain)
        {
            pdhLength = SevSizes.Certificate;
            chainLength = SevSizes.CertificateChain;
            return SevResult.Firmware(SevStatus.InvalidLength);
        }

        _identity.PdhCertificate.Bytes.CopyTo(pdh);
        _identity.Chain.ToArray().CopyTo(chain);
        pdhLength = SevSizes.Certificate;
        chainLength = SevSizes.CertificateChain;
        return SevResult.Success;
    }

    public SevResult GetId(Span<byte> id, ref uint length)
    {
        if (length < SevSizes.Id || id.Length < SevSizes.Id)
        {
            length = SevSizes.Id;
            return SevResult.Firmware(SevStatus.InvalidLength);
        }

        _cpuId.CopyTo(id);
        length = SevSizes.Id;
        return SevResult.Success;
    }

    /// <summary>KVM_SEV_INIT succeeds; KVM_SEV_ES_INIT is refused as by a kernel without SEV-ES (ENOTTY).</summary>
    public SevResult InitGuest(bool encryptedState) => encryptedState ? SevResult.Os(Errno.ENOTTY) : SevResult.Success;

    /// <summary>The handles of the guests that exist, ascending.</summary>
    public IReadOnlyList<uint> GuestHandles()
    {
        var errno = PosixFile.ListDirectory(GuestsDirectory, out var names);
        if (errno != 0)
        {
            return [];
        }

        return [.. names.Select(n => uint.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : 0).Where(h => h != 0).Order()];
    }

    private SoftwareGuest? FindGuest(uint handle)
    {
        if (handle == 0)
        {
            return null;
        }

        if (_guests.TryGetValue(handle, out var cached))
        {
            return cached;
        }

        var directory = Path.Combine(GuestsDirectory, SoftwareGuest.DirectoryName(handle));
        if (!SevFiles.Exists(directory))
        {
            return null;
        }

        var guest = SoftwareGuest.Load(directory);
        _guests[handle] = guest;
        return guest;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var guest in _guests.Values)
        {
            guest.Dispose();
        }

        _identity.Dispose();
        _ = Libc.Unlock(_lockFd);
        PosixFile.Close(_lockFd);
    }
}
