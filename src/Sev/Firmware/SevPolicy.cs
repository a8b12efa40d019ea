using System.Globalization;

namespace Qcrypto.Sev.Firmware;

/// <summary>
/// The guest policy (AMD pub. 55766 ch. 3), a little-endian u32: flag bits 0-5, bits 6-15 reserved
/// (must be zero), bits 16-23 the minimum firmware API major version, bits 24-31 the minimum minor.
/// </summary>
public readonly record struct SevPolicy(uint Value)
{
    public const uint NoDebug = 0x01;
    public const uint NoKeySharing = 0x02;
    public const uint EncryptedState = 0x04;
    public const uint NoSend = 0x08;
    public const uint Domain = 0x10;
    public const uint Sev = 0x20;
    public const uint ReservedMask = 0xFFC0;

    /// <summary>QEMU's DEFAULT_GUEST_POLICY: debugging disallowed.</summary>
    public static SevPolicy Default => new(NoDebug);

    public bool DebugAllowed => (Value & NoDebug) == 0;

    public bool KeySharingAllowed => (Value & NoKeySharing) == 0;

    public bool RequiresEs => (Value & EncryptedState) != 0;

    public bool HasReservedBits => (Value & ReservedMask) != 0;

    public byte MinApiMajor => (byte)(Value >> 16);

    public byte MinApiMinor => (byte)(Value >> 24);

    /// <summary>The named flags set, in bit order (NODBG, NOKS, ES, NOSEND, DOMAIN, SEV).</summary>
    public IEnumerable<string> FlagNames
    {
        get
        {
            string[] names = ["NODBG", "NOKS", "ES", "NOSEND", "DOMAIN", "SEV"];
            for (var bit = 0; bit < names.Length; bit++)
            {
                if ((Value & (1u << bit)) != 0)
                {
                    yield return names[bit];
                }
            }
        }
    }

    /// <summary>The policy as 4 little-endian bytes (what the policy MAC and the measurement cover).</summary>
    public void Write(Span<byte> destination) => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination, Value);

    public override string ToString() => "0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}
