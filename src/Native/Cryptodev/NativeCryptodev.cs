using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;

namespace Qcrypto.Native.Cryptodev;

/// <summary>
/// A QcryptoCryptodev: a <see cref="VirtioCryptoDevice"/> on a backend of the registry. Data requests run in
/// parallel (the device allows it); control requests one at a time, as QEMU's control queue handler.
/// </summary>
internal sealed class NativeCryptodev : IDisposable
{
    private readonly NativeRegistry _registry;
    private int _disposed;

    private NativeCryptodev(NativeRegistry registry, VirtioCryptoDevice device)
    {
        _registry = registry;
        Device = device;
    }

    public VirtioCryptoDevice Device { get; }

    public object ControlLock { get; } = new();

    public static NativeCryptodev Create(NativeRegistry registry, string backendId, ulong features)
    {
        var device = registry.Read(r => new VirtioCryptoDevice(r.Get<CryptodevBackend>(backendId), (Qcrypto.Cryptodev.Wire.VirtioCryptoFeatures)features));
        registry.AddDependent();
        return new NativeCryptodev(registry, device);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            lock (ControlLock)
            {
                Device.Dispose();
            }

            _registry.RemoveDependent();
        }
    }
}
