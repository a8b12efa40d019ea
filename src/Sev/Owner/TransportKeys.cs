using System.Security.Cryptography;
using Qcrypto.Keys;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Owner;

/// <summary>
/// The guest owner's transport keys, TEK ‖ TIK (16 bytes each), in one pinned buffer zeroed on
/// dispose: the layout of sev-tool's tmp_tk.bin. The TIK alone (sevctl's tik.bin) is enough to
/// compute and check measurements; the TEK is needed to encrypt secrets.
/// </summary>
public sealed class TransportKeys : IDisposable
{
    public const int Length = 2 * SevSizes.TransportKey;

    private readonly SecretBuffer _keys;

    private TransportKeys(SecretBuffer keys, bool hasTek)
    {
        _keys = keys;
        HasTek = hasTek;
    }

    /// <summary>False when only the TIK was given (measurements only).</summary>
    public bool HasTek { get; }

    public ReadOnlySpan<byte> Tek => HasTek ? _keys.Span[..SevSizes.TransportKey]
        : throw new SevException(SevErrorCodes.KeyFile, "the TEK is needed to encrypt a launch secret, and only the TIK was given");

    public ReadOnlySpan<byte> Tik => _keys.Span[SevSizes.TransportKey..];

    /// <summary>TEK ‖ TIK, as tmp_tk.bin holds them.</summary>
    public ReadOnlySpan<byte> Both => HasTek ? _keys.Span : throw new InvalidOperationException("no TEK");

    /// <summary>Fresh random keys.</summary>
    public static TransportKeys Generate()
    {
        var keys = SecretBuffer.Allocate(Length);
        RandomNumberGenerator.Fill(keys.WritableSpan);
        return new TransportKeys(keys, hasTek: true);
    }

    /// <summary>Keys from TEK ‖ TIK bytes (a tmp_tk.bin's contents), which must be 32 bytes.</summary>
    public static TransportKeys FromTk(ReadOnlySpan<byte> tk, string source)
    {
        if (tk.Length != Length)
        {
            throw new SevException(SevErrorCodes.KeyFile, $"{source} holds {tk.Length} bytes; TEK ‖ TIK is {Length} (16 + 16, raw, as sev-tool's tmp_tk.bin)",
                hint: tk.Length == 44 || tk.Length == 45 ? "the file looks base64-encoded; decode it first (base64 -d)" : null);
        }

        return new TransportKeys(SecretBuffer.CopyOf(tk), hasTek: true);
    }

    /// <summary>Keys from separate TIK and (optional) TEK bytes (sevctl's tik.bin / tek.bin), 16 bytes each.</summary>
    public static TransportKeys FromParts(ReadOnlySpan<byte> tek, bool hasTek, ReadOnlySpan<byte> tik, string tekSource, string tikSource)
    {
        if (tik.Length != SevSizes.TransportKey || (hasTek && tek.Length != SevSizes.TransportKey))
        {
            var (name, length) = tik.Length != SevSizes.TransportKey ? (tikSource, tik.Length) : (tekSource, tek.Length);
            throw new SevException(SevErrorCodes.KeyFile, $"{name} holds {length} bytes; a TEK or TIK is 16 raw bytes");
        }

        var keys = SecretBuffer.Allocate(Length);
        if (hasTek)
        {
            tek.CopyTo(keys.WritableSpan);
        }

        tik.CopyTo(keys.WritableSpan[SevSizes.TransportKey..]);
        return new TransportKeys(keys, hasTek);
    }

    public void Dispose() => _keys.Dispose();
}
