using Qcrypto.Objects;

namespace Qcrypto.Rng;

/// <summary>
/// QEMU's RngBackend (backends/rng.c): an entropy source a virtio-rng device reads from. Reads from any
/// thread are serialised per backend (QEMU serves one request queue per backend).
/// </summary>
public abstract class RngBackend : UserCreatable
{
    private readonly object _gate = new();

    protected RngBackend(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>Fills <paramref name="buffer"/> completely (a virtio-rng request of that size, completed).</summary>
    public void Read(Span<byte> buffer)
    {
        if (!IsCompleted)
        {
            throw new Errors.ObjectException(RngErrorCodes.Read, $"rng backend '{Id}' is not opened", Id);
        }

        lock (_gate)
        {
            Fill(buffer);
        }
    }

    protected abstract void Fill(Span<byte> buffer);
}
