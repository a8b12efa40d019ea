using System.Globalization;
using System.Security.Cryptography;
using Qcrypto.Keys;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Files;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Interop;

namespace Qcrypto.Sev.Software;

/// <summary>
/// One guest context of the software firmware (GCTX): handle, policy, ASID, state, the transport
/// keys, the launch data measured so far, and the measurement once taken. Persisted in
/// <c>guests/HANDLE/</c> of the platform directory: context.json (public), keys.bin (TEK ‖ TIK, 0600)
/// and launch-data.bin (everything LAUNCH_UPDATE_DATA received, hashed at LAUNCH_MEASURE).
/// </summary>
internal sealed class SoftwareGuest : IDisposable
{
    private const string ContextFile = "context.json";
    private const string KeysFile = "keys.bin";
    private const string LaunchDataFile = "launch-data.bin";

    private readonly SecretBuffer _keys;

    private SoftwareGuest(string directory, uint handle, SevPolicy policy, SecretBuffer keys)
    {
        Directory = directory;
        Handle = handle;
        Policy = policy;
        _keys = keys;
        Asid = handle;
    }

    public string Directory { get; }

    public uint Handle { get; }

    public SevPolicy Policy { get; }

    public uint Asid { get; }

    public SevGuestState State { get; set; } = SevGuestState.LaunchUpdate;

    public byte[]? Measure { get; set; }

    public byte[]? Mnonce { get; set; }

    /// <summary>GCTX.LD once LAUNCH_MEASURE computed it.</summary>
    public byte[]? Digest { get; set; }

    public ReadOnlySpan<byte> Tek => _keys.Span[..SevSizes.TransportKey];

    public ReadOnlySpan<byte> Tik => _keys.Span[SevSizes.TransportKey..];

    /// <summary>The TEK ‖ TIK of a new guest (the caller's buffer is taken over).</summary>
    public static SoftwareGuest Create(string directory, uint handle, SevPolicy policy, SecretBuffer keys)
    {
        var guest = new SoftwareGuest(directory, handle, policy, keys);
        new AtomicFileSet().AddPrivate(Path.Combine(directory, KeysFile), keys).Commit();
        guest.Save();
        return guest;
    }

    public static SoftwareGuest Load(string directory)
    {
        var path = Path.Combine(directory, ContextFile);
        var (handle, policy, state, measure, mnonce, digest) = StateJson.Read(SevFiles.ReadPublic(path, "guest context"), path, root =>
            (root.UInt("handle"), root.UInt("policy"), Enum.Parse<SevGuestState>(root.Str("state")),
             root.OptionalBase64("measure"), root.OptionalBase64("mnonce"), root.OptionalBase64("digest")));
        var keys = SevFiles.ReadPrivate(Path.Combine(directory, KeysFile), "guest key file", allowWorldReadable: false);
        if (keys.Length != 2 * SevSizes.TransportKey)
        {
            keys.Dispose();
            throw new SevException(SevErrorCodes.Platform, $"{Path.Combine(directory, KeysFile)} is damaged");
        }

        return new SoftwareGuest(directory, handle, new SevPolicy(policy), keys) { State = state, Measure = measure, Mnonce = mnonce, Digest = digest };
    }

    public void Save()
    {
        var json = StateJson.Write(w =>
        {
            w.WriteNumber("handle", Handle);
            w.WriteNumber("policy", Policy.Value);
            w.WriteNumber("asid", Asid);
            w.WriteString("state", State.ToString());
            WriteOptional(w, "measure", Measure);
            WriteOptional(w, "mnonce", Mnonce);
            WriteOptional(w, "digest", Digest);
        });
        new AtomicFileSet().Add(Path.Combine(Directory, ContextFile), json, SevFiles.PublicMode).Commit();
    }

    /// <summary>Appends LAUNCH_UPDATE_DATA's bytes to the launch data (the digest's input).</summary>
    public void AppendLaunchData(ReadOnlySpan<byte> data)
    {
        var path = Path.Combine(Directory, LaunchDataFile);
        var errno = PosixFile.Open(path, PosixFile.WriteOnly | PosixFile.Create | PosixFile.CloseOnExec, SevFiles.PrivateMode, out var fd);
        if (errno == 0)
        {
            errno = PosixFile.Stat(fd, out var status);
            errno = errno != 0 ? errno : Libc.WriteAt(fd, data, status.Size);
            PosixFile.Close(fd);
        }

        if (errno != 0)
        {
            throw new SevException(SevErrorCodes.Platform, $"cannot write {path}: {PosixFile.StrError(errno)}");
        }
    }

    /// <summary>SHA-256 of the launch data (GCTX.LD), then the data is dropped.</summary>
    public byte[] FinishLaunchDigest()
    {
        var path = Path.Combine(Directory, LaunchDataFile);
        var data = PosixFile.Exists(path) ? SevFiles.ReadPublic(path, "launch data") : [];
        _ = Libc.Unlink(path);
        return SHA256.HashData(data);
    }

    /// <summary>Removes the guest's files (DECOMMISSION).</summary>
    public void Delete()
    {
        foreach (var name in new[] { LaunchDataFile, ContextFile, KeysFile })
        {
            _ = Libc.Unlink(Path.Combine(Directory, name));
        }

        _ = Libc.RemoveDirectory(Directory);
    }

    public static string DirectoryName(uint handle) => handle.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _keys.Dispose();

    private static void WriteOptional(System.Text.Json.Utf8JsonWriter w, string name, byte[]? value)
    {
        if (value is not null)
        {
            w.WriteBase64String(name, value);
        }
    }
}
