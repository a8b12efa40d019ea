namespace Qcrypto.Sev.Firmware;

/// <summary>
/// A buffer a command takes by address and length: absent (address 0, as QEMU passes a file it was
/// not given) or given, possibly empty (QEMU passes whatever glib decoded, even nothing).
/// </summary>
public readonly ref struct SevBuffer
{
    public SevBuffer(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes;
        IsGiven = true;
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public bool IsGiven { get; }

    public int Length => Bytes.Length;

    public static SevBuffer None => default;

    public static implicit operator SevBuffer(byte[] bytes) => new(bytes);

    public static implicit operator SevBuffer(ReadOnlySpan<byte> bytes) => new(bytes);
}
