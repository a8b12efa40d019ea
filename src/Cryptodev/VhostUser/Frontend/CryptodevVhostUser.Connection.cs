using Qcrypto.Chardevs;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Objects;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Posix;
using R = Qcrypto.Cryptodev.VhostUser.Protocol.VhostUserRequest;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>Connecting, the shared memory, starting and stopping the rings, and losing the back-end.</summary>
public sealed partial class CryptodevVhostUser
{
    private VhostUserClient? _client;
    private FrontendMemory? _memory;
    private DriverQueue[]? _queues;
    private VirtioCryptoConfig? _remoteConfig;
    private VirtioCryptoFeatures _features;
    private QueueLayout _layout;
    private int _ringSize = 128;
    private int _timeoutMs = 10000;
    private volatile string? _gone;
    private Thread? _monitor;
    private EventFd? _monitorStop;

    /// <summary>The back-end's own config space (GET_CONFIG), when it offers one.</summary>
    public VirtioCryptoConfig? RemoteConfig => _remoteConfig;

    // vhost-user passes file descriptors (SCM_RIGHTS): only a unix socket chardev can carry them.
    private string SocketPath(Chardev chardev) => chardev.Path ?? throw new ObjectException(ErrorCodes.InvalidParameterValue,
        $"chardev '{chardev.Id}' is not a unix socket: vhost-user needs path=", Id, "chardev", "add -chardev socket,id=" + chardev.Id + ",path=/path/to/vhost-user.sock");

    private void Connect(ObjectRegistry registry)
    {
        var chardev = Get("chardev")!.Value.Text;
        var path = chardev.Contains('/', StringComparison.Ordinal) ? chardev
            : SocketPath(registry.Options.Chardevs?.Find(chardev) ?? throw new ObjectException(ErrorCodes.ObjectNotFound, $"Device '{chardev}' not found", Id, "chardev",
                "add -chardev socket,id=" + chardev + ",path=/path/to/vhost-user.sock, or give the socket's path as chardev="));
        HostMemoryBackend? memdev = null;
        if (Get("memdev") is { } m)
        {
            memdev = registry.Find(m.Text) as HostMemoryBackend
                ?? throw new ObjectException(ErrorCodes.ObjectNotFound, $"memory backend '{m.Text}' not found", Id, "memdev", "create it first: -object memory-backend-memfd,id=ID,size=...,share=on");
            if (!memdev.IsShared)
            {
                throw new ObjectException(ErrorCodes.ObjectInvalid, "Failed initializing vhost-user memory map, consider using -object memory-backend-file share=on", Id, "memdev");
            }
        }

        var queues = Queues;
        _layout = new QueueLayout(_ringSize, 64 * 1024, (int)MaxRequestSize + (64 * 1024));
        var client = VhostUserClient.Connect(path, Id, _timeoutMs);
        try
        {
            client.Negotiate(queues);
            if (client.GetConfig(VirtioCryptoConfig.Size) is { } bytes && VirtioCryptoConfig.TryRead(bytes, out var config))
            {
                _remoteConfig = config;
            }

            var size = _layout.Stride * (ulong)queues;
            if (memdev is not null && memdev.Size < size)
            {
                throw new ObjectException(ErrorCodes.ObjectInvalid, $"memory backend '{memdev.Id}' has {memdev.Size} bytes; {queues} queue(s) of {_ringSize} need {size}", Id, "memdev");
            }

            _memory = memdev is null
                ? FrontendMemory.CreateInternal($"cryptodev-vhost-user-{Id}", size)
                : new FrontendMemory(memdev.Descriptor, memdev.Mapping, 0, owned: false);
            client.SetMemTable([_memory.Description], [_memory.Descriptor.Fd]);
        }
        catch (PosixException e)
        {
            client.Dispose();
            _memory?.Dispose();
            throw new ObjectException(ErrorCodes.ObjectInvalid, e.Message, Id, "memdev");
        }
        catch
        {
            client.Dispose();
            _memory?.Dispose();
            throw;
        }

        _client = client;
        _monitorStop = EventFd.Create();
        _monitor = new Thread(Monitor) { IsBackground = true, Name = $"cryptodev-vhost-user {Id}" };
        _monitor.Start();
    }

    /// <summary>What the guest is told: the back-end's config space, less what the session layout cannot carry.</summary>
    private static CryptodevBackendConfig Advertised(VirtioCryptoConfig? remote, CryptoSessionLayout layout)
    {
        // Without a config space: what QEMU 7.2's cryptodev-vhost-user hard-codes.
        var c = remote ?? new VirtioCryptoConfig(0, 1, 0b111, 1u << (int)VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, 0,
            1u << (int)VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA1, 0, 0, 0, CryptoSessionMessage.CipherKeyCapacity, CryptoSessionMessage.AuthKeyCapacity, 0, MaxRequestSize);
        var services = c.CryptoServices;
        if (layout == CryptoSessionLayout.Qemu72)
        {
            // Only CIPHER (and chained) sessions fit QEMU 7.2's payload.
            services &= 1u << (int)VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_CIPHER;
        }

        return new CryptodevBackendConfig
        {
            CryptoServices = services,
            CipherAlgos = c.CipherAlgoL | ((ulong)c.CipherAlgoH << 32),
            HashAlgos = c.HashAlgo,
            MacAlgos = c.MacAlgoL | ((ulong)c.MacAlgoH << 32),
            AeadAlgos = layout == CryptoSessionLayout.Qemu72 ? 0 : c.AeadAlgo,
            AkcipherAlgos = layout == CryptoSessionLayout.Qemu72 ? 0 : c.AkcipherAlgo,
            MaxCipherKeyLen = Math.Min(c.MaxCipherKeyLen, (uint)CryptoSessionMessage.CipherKeyCapacity),
            MaxAuthKeyLen = Math.Min(c.MaxAuthKeyLen, (uint)CryptoSessionMessage.AuthKeyCapacity),
            MaxAkcipherKeyLen = layout == CryptoSessionLayout.Qemu72 ? 0 : (uint)CryptoSessionMessage.AsymKeyCapacity,
            MaxSize = Math.Min(c.MaxSize, MaxRequestSize),
        };
    }

    /// <summary>vhost_dev_start: features, then each ring (size, base, addresses, notifiers, enable), then the reapers.</summary>
    internal override void OnDeviceAttached(VirtioCryptoFeatures features)
    {
        if (_client is not { } client || _memory is not { } memory)
        {
            throw new VhostUserException(VhostUserException.BackendGone, _gone ?? "not connected", "chardev", Id);
        }

        _features = features;
        var queues = new DriverQueue[Queues];
        try
        {
            client.SetFeatures(VhostUserFeatures.ProtocolFeatures | VhostUserFeatures.EventIdx | VhostUserFeatures.IndirectDesc
                | VhostUserFeatures.Version1 | ((ulong)features & client.BackendFeatures));
            for (var i = 0; i < queues.Length; i++)
            {
                var queue = queues[i] = new DriverQueue(i, _layout, memory, (ulong)i * _layout.Stride, RemoteSessionOf) { Features = features };
                client.SetVringNum(i, _ringSize);
                client.SetVringBase(i, 0);
                client.SetVringAddr(queue.Address);
                client.SetVringFd(R.SetVringKick, i, queue.Kick);
                client.SetVringFd(R.SetVringCall, i, queue.Call);
                client.SetVringFd(R.SetVringErr, i, queue.Err);
                queue.Start();
            }
        }
        catch (VhostUserException e)
        {
            foreach (var queue in queues)
            {
                queue?.Dispose();
            }

            LoseBackend(e.Message);
            throw;
        }

        _queues = queues;
    }

    /// <summary>vhost_dev_stop: GET_VRING_BASE stops each ring; requests still in flight fail.</summary>
    internal override void OnDeviceDetached()
    {
        var queues = Interlocked.Exchange(ref _queues, null);
        if (queues is null)
        {
            return;
        }

        for (var i = 0; i < queues.Length; i++)
        {
            if (_gone is null && _client is { } client)
            {
                try
                {
                    client.GetVringBase(i);
                }
                catch (VhostUserException e)
                {
                    LoseBackend(e.Message);
                }
            }

            queues[i].Dispose();
        }
    }

    private void Monitor()
    {
        if (_client is { } client && _monitorStop is { } stop && Poller.WaitHangup(client.Socket.Fd, stop.Fd))
        {
            LoseBackend($"cryptodev-vhost-user '{Id}': the vhost-user back-end closed the connection");
        }
    }

    /// <summary>QEMU's CHR_EVENT_CLOSED: not ready any more; every queue fails what it holds and what comes.</summary>
    private void LoseBackend(string reason)
    {
        _gone ??= reason;
        if (_queues is { } queues)
        {
            foreach (var queue in queues)
            {
                queue.Break(_gone);
            }
        }
    }

    private void Disconnect()
    {
        OnDeviceDetached();
        _monitorStop?.Signal();
        _client?.Shutdown();
        if (_monitor is { } monitor && monitor != Thread.CurrentThread)
        {
            monitor.Join();
        }

        _client?.Dispose();
        _client = null;
        _memory?.Dispose();
        _memory = null;
        _monitorStop?.Dispose();
        _monitorStop = null;
    }
}
