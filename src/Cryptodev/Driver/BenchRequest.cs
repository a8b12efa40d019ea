using System.Security.Cryptography;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Driver;

/// <summary>
/// One encryption request laid out once and submitted again and again, the way `openssl speed`
/// encrypts one buffer repeatedly: header and fixed part and IV in one readable segment, src in
/// another, dst and the status byte in two writable ones (the shape of Linux's scatterlists). Each
/// submission runs the full device path: parse, session lookup, crypt, status.
/// </summary>
public sealed class BenchRequest
{
    private BenchRequest(VirtioCryptoDevice device, VirtqueueElement element, string algorithm, int size)
    {
        Device = device;
        Element = element;
        Algorithm = algorithm;
        Size = size;
    }

    /// <summary>The algorithms the bench knows, by their OpenSSL names.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["aes-256-cbc", "aes-256-gcm"];

    public VirtioCryptoDevice Device { get; }

    public VirtqueueElement Element { get; }

    public string Algorithm { get; }

    public int Size { get; }

    public static BenchRequest Create(VirtioCryptoDriver driver, string algorithm, int size)
    {
        ArgumentNullException.ThrowIfNull(driver);
        var key = RandomNumberGenerator.GetBytes(32);
        var src = RandomNumberGenerator.GetBytes(size);
        byte[] fixedPart;
        int dst;
        switch (algorithm)
        {
            case "aes-256-cbc":
            {
                var (status, id) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
                Check(status);
                var flf = new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherDataFlf(16, (uint)size, (uint)size), default);
                fixedPart = [.. driver.DataFixedPart(new OpHeader(VirtioCryptoOpcode.VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0, id, OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE),
                    (ref WireWriter w) => flf.Write(ref w), SymDataFlf.Size), .. RandomNumberGenerator.GetBytes(16)];
                dst = size;
                break;
            }

            case "aes-256-gcm":
            {
                var (status, id) = driver.CreateAeadSession(VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, 16);
                Check(status);
                fixedPart = [.. driver.DataFixedPart(new OpHeader(VirtioCryptoOpcode.VIRTIO_CRYPTO_AEAD_ENCRYPT, 0, id, OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE),
                    (ref WireWriter w) => new AeadDataFlf(12, 0, (uint)size, (uint)size + 16, 16).Write(ref w), AeadDataFlf.Size), .. RandomNumberGenerator.GetBytes(12)];
                dst = size + 16;
                break;
            }

            default:
                throw new ArgumentException($"unknown bench algorithm '{algorithm}' (known: {string.Join(", ", Algorithms)})", nameof(algorithm));
        }

        var element = new VirtqueueElement();
        element.AddReadable(fixedPart).AddReadable(src).AddWritable(new byte[dst]).AddWritable(new byte[1]);
        return new BenchRequest(driver.Device, element, algorithm, size);
    }

    /// <summary>Submits the request once; false if the device did not answer OK.</summary>
    public bool Run() => Device.ProcessData(0, Element).Status == VirtioCryptoStatus.VIRTIO_CRYPTO_OK;

    /// <summary>
    /// Runs for about <paramref name="duration"/> of wall time and returns bytes of src per second:
    /// per second of <paramref name="cpuTime"/> when given (as `openssl speed` divides by CPU user
    /// time unless -elapsed), per second of wall time otherwise.
    /// </summary>
    public double Measure(TimeSpan duration, Func<TimeSpan>? cpuTime = null)
    {
        // Warm up (JIT, OpenSSL contexts, caches).
        for (var i = 0; i < 200; i++)
        {
            if (!Run())
            {
                throw new InvalidOperationException($"{Algorithm} request failed");
            }
        }

        var cpuStart = cpuTime?.Invoke() ?? TimeSpan.Zero;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        long count = 0;
        long now;
        do
        {
            // Check the clock every 64 requests: a clock read costs more than a 64-byte request.
            for (var i = 0; i < 64; i++)
            {
                Run();
            }

            count += 64;
            now = System.Diagnostics.Stopwatch.GetTimestamp();
        }
        while (now < end);

        var seconds = cpuTime is null
            ? (now - start) / (double)System.Diagnostics.Stopwatch.Frequency
            : (cpuTime() - cpuStart).TotalSeconds;
        return count * (double)Size / Math.Max(seconds, 1e-6);
    }

    private static void Check(VirtioCryptoStatus status)
    {
        if (status != VirtioCryptoStatus.VIRTIO_CRYPTO_OK)
        {
            throw new InvalidOperationException($"session creation failed: {status}");
        }
    }
}
