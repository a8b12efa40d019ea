using System.Security.Cryptography;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Rng;

/// <summary>rng-builtin (backends/rng-builtin.c): the host's own generator (getrandom, as qemu_guest_getrandom).</summary>
public sealed class RngBuiltin : RngBackend
{
    private RngBuiltin(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(RngSchemas.Builtin, (type, id) => new RngBuiltin(type, id));

    protected override void OnComplete(ObjectRegistry registry)
    {
    }

    protected override void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}
