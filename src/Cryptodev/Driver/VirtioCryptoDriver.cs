using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;

namespace Qcrypto.Cryptodev.Driver;

/// <summary>What a driver-side request returned: the status, the used length, and the outputs by field.</summary>
public sealed record DriverResult(VirtioCryptoStatus Status, RequestResult Raw, byte[][] Outputs)
{
    public byte[] Output => Outputs.Length > 0 ? Outputs[0] : [];
}

/// <summary>
/// The guest side, for tests, the CLI and benchmarks: lays requests out as a virtio-crypto driver
/// would (the fixed part padded to the legacy sizes unless REVISION_1 was negotiated; each variable
/// field in its own segment, like Linux's scatterlists), submits them to a device and reads the
/// outcomes. <see cref="Fragment"/> splits every segment into tiny pieces to drive the device's
/// gather/scatter path.
/// </summary>
public sealed partial class VirtioCryptoDriver(VirtioCryptoDevice device)
{
    public VirtioCryptoDevice Device { get; } = device;

    public bool Revision1 => (Device.Features & VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1) != 0;

    /// <summary>The data queue requests go to.</summary>
    public int Queue { get; set; }

    /// <summary>When non-zero, every segment is cut into pieces of this many bytes.</summary>
    public int Fragment { get; set; }

    /// <summary>The flag of data requests (VIRTIO_CRYPTO_FLAG_SESSION_MODE unless asked otherwise).</summary>
    public uint DataFlag { get; set; } = OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE;

    public (VirtioCryptoStatus Status, ulong SessionId) CreateCipherSession(VirtioCryptoCipherAlgo algo, VirtioCryptoOp op, ReadOnlySpan<byte> key) =>
        CreateSym(new SymCreateSessionFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherSessionFlf(algo, (uint)key.Length, op), default), key, []);

    public (VirtioCryptoStatus Status, ulong SessionId) CreateChainSession(
        VirtioCryptoCipherAlgo cipherAlgo, VirtioCryptoOp op, ReadOnlySpan<byte> cipherKey, VirtioCryptoChainOrder order,
        VirtioCryptoHashMode mode, uint hashOrMacAlgo, uint resultLength, ReadOnlySpan<byte> authKey, uint aadLength = 0)
    {
        var chain = new AlgChainSessionFlf(order, mode, new CipherSessionFlf(cipherAlgo, (uint)cipherKey.Length, op),
            new HashSessionFlf((VirtioCryptoHashAlgo)hashOrMacAlgo, resultLength),
            new MacSessionFlf((VirtioCryptoMacAlgo)hashOrMacAlgo, resultLength, (uint)authKey.Length), aadLength);
        return CreateSym(new SymCreateSessionFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, default, chain), cipherKey, authKey);
    }

    public (VirtioCryptoStatus Status, ulong SessionId) CreateHashSession(VirtioCryptoHashAlgo algo, uint resultLength) =>
        CreateSession(new CtrlHeader(VIRTIO_CRYPTO_HASH_CREATE_SESSION, (uint)algo, 0, 0), (ref WireWriter w) => new HashSessionFlf(algo, resultLength).Write(ref w), []);

    public (VirtioCryptoStatus Status, ulong SessionId) CreateMacSession(VirtioCryptoMacAlgo algo, uint resultLength, byte[] key) =>
        CreateSession(new CtrlHeader(VIRTIO_CRYPTO_MAC_CREATE_SESSION, (uint)algo, 0, 0),
            (ref WireWriter w) => new MacSessionFlf(algo, resultLength, (uint)key.Length).Write(ref w), key);

    public (VirtioCryptoStatus Status, ulong SessionId) CreateAeadSession(VirtioCryptoAeadAlgo algo, VirtioCryptoOp op, byte[] key, uint tagLength, uint aadLength = 0) =>
        CreateSession(new CtrlHeader(VIRTIO_CRYPTO_AEAD_CREATE_SESSION, (uint)algo, 0, 0),
            (ref WireWriter w) => new AeadSessionFlf(algo, (uint)key.Length, tagLength, aadLength, op).Write(ref w), key);

    public (VirtioCryptoStatus Status, ulong SessionId) CreateAkcipherSession(VirtioCryptoAkcipherAlgo algo, VirtioCryptoAkcipherKeyType keyType, AkcipherPara para, byte[] key) =>
        CreateSession(new CtrlHeader(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION, (uint)algo, 0, 0),
            (ref WireWriter w) => new AkcipherSessionFlf(algo, keyType, (uint)key.Length, para).Write(ref w), key);

    public VirtioCryptoStatus DestroySession(ulong sessionId, VirtioCryptoOpcode opcode = VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION)
    {
        var fixedPart = ControlFixedPart(new CtrlHeader(opcode, 0, 0, 0), (ref WireWriter w) => new DestroySessionFlf(sessionId).Write(ref w), DestroySessionFlf.Size);
        var (result, outputs) = Submit(control: true, [fixedPart], [1]);
        return result.UsedLength == 1 ? (VirtioCryptoStatus)outputs[0][0] : result.Status;
    }

    /// <summary>Submits a raw control request; the outcome buffer is <paramref name="outcomeLength"/> bytes.</summary>
    public (RequestResult Result, byte[] Outcome) SubmitControl(byte[] readable, int outcomeLength)
    {
        var (result, outputs) = Submit(control: true, [readable], [outcomeLength]);
        return (result, outputs[0]);
    }

    /// <summary>Lays a fixed part out: the header, then the flf padded as the negotiated features say.</summary>
    internal delegate void FlfWriter(ref WireWriter writer);

    internal byte[] ControlFixedPart(CtrlHeader header, FlfWriter flf, int flfSize)
    {
        var size = Revision1 ? flfSize : WireSizes.CtrlqOpSpecHdrLegacy;
        var bytes = new byte[CtrlHeader.Size + size];
        var writer = new WireWriter(bytes);
        header.Write(ref writer);
        flf(ref writer);
        return bytes;
    }

    internal byte[] DataFixedPart(OpHeader header, FlfWriter flf, int flfSize, bool stateless = false)
    {
        var size = Revision1 || stateless ? flfSize : WireSizes.DataqOpSpecHdrLegacy;
        var bytes = new byte[OpHeader.Size + size];
        var writer = new WireWriter(bytes);
        header.Write(ref writer);
        flf(ref writer);
        return bytes;
    }

    /// <summary>
    /// Lays the inputs out as readable segments and one writable segment per output length plus the
    /// status byte, submits, and returns the result and each output (as much of it as was written).
    /// </summary>
    public (RequestResult Result, byte[][] Outputs) Submit(bool control, byte[][] inputs, int[] outputLengths)
    {
        var element = new VirtqueueElement();
        foreach (var input in inputs)
        {
            AddReadable(element, input);
        }

        var outputs = outputLengths.Select(n => new byte[n]).ToArray();
        foreach (var output in outputs)
        {
            AddWritable(element, output);
        }

        var status = control ? [] : new byte[1];
        if (!control)
        {
            element.AddWritable(status);
        }

        var result = control ? Device.ProcessControl(element) : Device.ProcessData(Queue, element);
        if (result.IsPending)
        {
            return (result, outputs);
        }

        // Trim each output to what the used length says was written (outputs are laid out in order).
        long remaining = control ? result.UsedLength : Math.Max(0, (long)result.UsedLength - 1);
        for (var i = 0; i < outputs.Length; i++)
        {
            var n = (int)Math.Min(remaining, outputs[i].Length);
            outputs[i] = outputs[i][..n];
            remaining -= n;
        }

        if (!control && result.UsedLength > 0 && (VirtioCryptoStatus)status[0] != result.Status)
        {
            throw new InvalidOperationException($"status byte {status[0]} differs from the result's {result.Status}");
        }

        return (result, outputs);
    }

    private (VirtioCryptoStatus Status, ulong SessionId) CreateSym(SymCreateSessionFlf flf, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey)
    {
        var keys = new byte[cipherKey.Length + authKey.Length];
        cipherKey.CopyTo(keys);
        authKey.CopyTo(keys.AsSpan(cipherKey.Length));
        var algo = flf.OpType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER ? (uint)flf.Cipher.Algo : (uint)flf.Chain.CipherHdr.Algo;
        return CreateSession(new CtrlHeader(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION, algo, 0, 0), (ref WireWriter w) => flf.Write(ref w), keys, SymCreateSessionFlf.Size);
    }

    private (VirtioCryptoStatus Status, ulong SessionId) CreateSession(CtrlHeader header, FlfWriter flf, byte[] keys, int flfSize = 0)
    {
        if (flfSize == 0)
        {
            flfSize = header.Opcode switch
            {
                VIRTIO_CRYPTO_HASH_CREATE_SESSION => HashSessionFlf.Size,
                VIRTIO_CRYPTO_MAC_CREATE_SESSION => MacSessionFlf.Size,
                VIRTIO_CRYPTO_AEAD_CREATE_SESSION => AeadSessionFlf.Size,
                _ => AkcipherSessionFlf.Size,
            };
        }

        var fixedPart = ControlFixedPart(header, flf, flfSize);
        var (result, outputs) = Submit(control: true, keys.Length > 0 ? [fixedPart, keys] : [fixedPart], [CreateSessionInput.Size]);
        var reader = new WireReader(outputs[0]);
        if (!CreateSessionInput.TryRead(ref reader, out var input))
        {
            return (result.Status, 0);
        }

        return ((VirtioCryptoStatus)input.Status, input.SessionId);
    }

    private void AddReadable(VirtqueueElement element, byte[] segment)
    {
        if (Fragment <= 0 || segment.Length <= Fragment)
        {
            element.AddReadable(segment);
            return;
        }

        for (var offset = 0; offset < segment.Length; offset += Fragment)
        {
            element.AddReadable(segment.AsMemory(offset, Math.Min(Fragment, segment.Length - offset)));
        }
    }

    private void AddWritable(VirtqueueElement element, byte[] segment)
    {
        if (Fragment <= 0 || segment.Length <= Fragment)
        {
            element.AddWritable(segment);
            return;
        }

        for (var offset = 0; offset < segment.Length; offset += Fragment)
        {
            element.AddWritable(segment.AsMemory(offset, Math.Min(Fragment, segment.Length - offset)));
        }
    }
}
