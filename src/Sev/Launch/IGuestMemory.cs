namespace Qcrypto.Sev.Launch;

/// <summary>The guest's RAM as the VMM holds it, addressed by guest physical address.</summary>
public interface IGuestMemory
{
    /// <summary>
    /// QEMU's gpa2hva: the memory behind [<paramref name="address"/>, + <paramref name="length"/>), or a
    /// <see cref="Errors.SevException"/> with QEMU's reason ("No memory is mapped at address 0x…").
    /// </summary>
    GuestRegion Map(ulong address, int length);
}

/// <summary>
/// A mapped piece of guest memory. Changes reach the guest at <see cref="Commit"/> (a file-backed
/// software guest writes them back; host RAM is written in place); disposing without committing
/// leaves the guest as it was.
/// </summary>
public abstract class GuestRegion : IDisposable
{
    protected GuestRegion(ulong address) => Address = address;

    public ulong Address { get; }

    public abstract Span<byte> Span { get; }

    public abstract void Commit();

    public abstract void Dispose();
}
