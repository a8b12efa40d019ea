using System.Runtime.InteropServices;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// A host whose guest RAM sits behind a pointer hands the device address and length segments
/// (<see cref="VirtqueueElement.AddReadable(nint, int)"/>): the device answers exactly as with arrays.
/// </summary>
public class GuestPointerTests
{
    [Fact]
    public unsafe void PointerSegmentsAnswerAsArraySegments()
    {
        using var rig = new Rig();
        var (_, session) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(32));
        var request = Raw.CipherFixed(rig, session, 16, 64, 64).Concat(Bytes.Random(16 + 64)).ToArray();

        var arrayOutput = new byte[65];
        var byArray = rig.Device.ProcessData(0, new VirtqueueElement().AddReadable(request).AddWritable(arrayOutput));

        var guest = (byte*)NativeMemory.Alloc((nuint)(request.Length + 65));
        try
        {
            request.CopyTo(new Span<byte>(guest, request.Length));
            var output = guest + request.Length;
            new Span<byte>(output, 65).Clear();
            var byPointer = rig.Device.ProcessData(0, new VirtqueueElement().AddReadable((nint)guest, request.Length).AddWritable((nint)output, 65));

            Assert.Equal((VIRTIO_CRYPTO_OK, 65u), (byArray.Status, byArray.UsedLength));
            Assert.Equal(byArray, byPointer);
            Assert.Equal(arrayOutput, new Span<byte>(output, 65).ToArray());
        }
        finally
        {
            NativeMemory.Free(guest);
        }
    }

    [Fact]
    public void ANullAddressIsRefused() =>
        Assert.Throws<ArgumentNullException>(() => new VirtqueueElement().AddReadable(0, 16));
}
