using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Tests.Support;

/// <summary>
/// Requests laid out by hand, segment by segment, with writable segments pre-filled with
/// <see cref="Fill"/> so a test sees exactly which bytes the device wrote.
/// </summary>
internal static class Raw
{
    public const byte Fill = 0xA5;

    public static (RequestResult Result, byte[][] Writable) Data(Rig rig, byte[][] readable, params int[] writable) =>
        Submit(rig, control: false, readable, writable, rig.Driver.Queue);

    /// <summary>A data request on <paramref name="queue"/> (safe from several threads at once, unlike the driver's Queue).</summary>
    public static (RequestResult Result, byte[][] Writable) DataOn(Rig rig, int queue, byte[][] readable, params int[] writable) =>
        Submit(rig, control: false, readable, writable, queue);

    public static (RequestResult Result, byte[][] Writable) Control(Rig rig, byte[][] readable, params int[] writable) =>
        Submit(rig, control: true, readable, writable, 0);

    /// <summary>Header and fixed part of a session-mode data request, padded as the rig's features say.</summary>
    public static byte[] Fixed(Rig rig, VirtioCryptoOpcode opcode, ulong session, VirtioCryptoDriver.FlfWriter flf, int flfSize) =>
        rig.Driver.DataFixedPart(new OpHeader(opcode, 0, session, OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE), flf, flfSize);

    public static byte[] CipherFixed(Rig rig, ulong session, uint ivLen, uint srcLen, uint dstLen) =>
        Fixed(rig, VirtioCryptoOpcode.VIRTIO_CRYPTO_CIPHER_ENCRYPT, session,
            (ref WireWriter w) => new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherDataFlf(ivLen, srcLen, dstLen), default).Write(ref w), SymDataFlf.Size);

    /// <summary>True if every byte is still <see cref="Fill"/>.</summary>
    public static bool Untouched(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept(Fill);

    private static (RequestResult, byte[][]) Submit(Rig rig, bool control, byte[][] readable, int[] writable, int queue)
    {
        var element = new VirtqueueElement();
        foreach (var segment in readable)
        {
            element.AddReadable(segment);
        }

        var outputs = writable.Select(n => Enumerable.Repeat(Fill, n).ToArray()).ToArray();
        foreach (var segment in outputs)
        {
            element.AddWritable(segment);
        }

        var result = control ? rig.Device.ProcessControl(element) : rig.Device.ProcessData(queue, element);
        return (result, outputs);
    }
}
