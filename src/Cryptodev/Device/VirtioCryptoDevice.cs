using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// The device side of virtio-crypto (what an emulator's virtio-crypto-pci calls, QEMU's
/// hw/virtio/virtio-crypto.c): takes control and data requests as the guest laid them out in its
/// descriptor chains, validates every length against the segments and the backend's limits before
/// reading, runs them on the backend, and writes the outcome (session input or status byte).
/// Never throws on guest input: malformed requests get a status (and <see cref="RequestResult.DeviceError"/>
/// where QEMU would break the device). Data queues may be served from different threads at once;
/// the control queue from one.
/// </summary>
public sealed partial class VirtioCryptoDevice : IDisposable
{
    /// <summary>What a device on <paramref name="backend"/> offers its driver (a vhost-user back-end may support fewer bits).</summary>
    public static VirtioCryptoFeatures OfferedFeaturesFor(CryptodevBackend backend) => OfferedFeatures & backend.SupportedFeatures;

    /// <summary>The feature bits this device offers: REVISION_1 and every stateless mode.</summary>
    public const VirtioCryptoFeatures OfferedFeatures = VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1
        | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_HASH_STATELESS_MODE
        | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_MAC_STATELESS_MODE | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AEAD_STATELESS_MODE
        | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AKCIPHER_STATELESS_MODE;

    private readonly IDisposable _use;
    private readonly IRequestForwarder? _forwarder;
    private int _disposed;
    private readonly IRequestCompletion? _completion;
    private readonly bool _revision1;

    // Read on every request: kept here rather than fetched through the backend's properties.
    private readonly ulong _maxSize;
    private readonly int _queues;
    private readonly SessionTable? _sessions;
    private readonly CryptodevStatistics _statistics;
    private readonly CryptodevThrottle _throttle;

    /// <param name="backend">The backend (QEMU's cryptodev= property); it counts as in use until <see cref="Dispose"/>, and no other device may use it meanwhile.</param>
    /// <param name="negotiated">The feature bits the driver accepted (a subset of <see cref="OfferedFeatures"/>).</param>
    /// <param name="completion">Where throttled requests complete; without it a throttled backend runs requests at once.</param>
    /// <exception cref="CryptodevBackendInUseException">Another device uses <paramref name="backend"/> (QEMU: "can't use already used cryptodev backend").</exception>
    public VirtioCryptoDevice(CryptodevBackend backend, VirtioCryptoFeatures negotiated = VirtioCryptoFeatures.None, IRequestCompletion? completion = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (!backend.IsReady)
        {
            throw new InvalidOperationException($"cryptodev backend '{backend.Id}' is not ready");
        }

        Backend = backend;
        Features = negotiated & OfferedFeatures & backend.SupportedFeatures;
        if (Features != VirtioCryptoFeatures.None && (Features & VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1) == 0)
        {
            throw new ArgumentException("the stateless modes require VIRTIO_CRYPTO_F_REVISION_1", nameof(negotiated));
        }

        _revision1 = (Features & VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1) != 0;
        _completion = completion;
        _maxSize = backend.Config.MaxSize;
        _queues = backend.Queues;
        _sessions = backend.Sessions;
        _statistics = backend.Statistics;
        _throttle = backend.Throttle;
        _use = backend.AttachDevice();
        _forwarder = backend as IRequestForwarder;
        try
        {
            backend.OnDeviceAttached(Features);
        }
        catch
        {
            _use.Dispose();
            throw;
        }
    }

    public CryptodevBackend Backend { get; }

    public VirtioCryptoFeatures Features { get; }

    /// <summary>max_dataqueues: one per backend queue.</summary>
    public int DataQueues => Backend.Queues;

    /// <summary>The config space (56 bytes) the guest reads.</summary>
    public VirtioCryptoConfig Config => Backend.Config.ToWire(Backend.IsReady, (uint)Backend.Queues);

    public void ReadConfig(Span<byte> destination) => Config.Write(destination);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Backend.OnDeviceDetached();
            _use.Dispose();
        }
    }

    private bool Stateless(VirtioCryptoFeatures bit) => (Features & bit) != 0;

    /// <summary>Size of a data request's fixed part for <paramref name="sessionFlfSize"/> (padded without REVISION_1).</summary>
    private int DataFlfSize(int sessionFlfSize) => _revision1 ? sessionFlfSize : WireSizes.DataqOpSpecHdrLegacy;

    private int CtrlFlfSize(int sessionFlfSize) => _revision1 ? sessionFlfSize : WireSizes.CtrlqOpSpecHdrLegacy;
}
