using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.VhostUser.Objects;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>
/// cryptodev-vhost-user: a virtio-crypto backend whose work runs in a vhost-user back-end process
/// (ours, `qcrypto vhost-user-crypto`, or any other). Creating it connects and negotiates as QEMU
/// 7.2 does; sessions travel as CREATE/CLOSE_CRYPTO_SESSION messages; data requests go through
/// real split virtqueues in shared memory. The device API is the builtin's, so an emulator switches
/// backends by changing its -object line. Unlike QEMU 7.2 (which advertises CIPHER, HASH and MAC with
/// AES-CBC and SHA-1 whatever the back-end does), it advertises what the back-end's config space
/// says, less what the session layout cannot carry.
/// </summary>
public sealed partial class CryptodevVhostUser : CryptodevBackend, IRequestForwarder
{
    public const string QomType = "cryptodev-vhost-user";

    /// <summary>The largest request we bounce through shared memory (the max_size we advertise at most).</summary>
    public const ulong MaxRequestSize = 16 * 1024 * 1024;

    private CryptodevVhostUser(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(VhostUserSchemas.Frontend(), (type, id) => new CryptodevVhostUser(type, id));

    public override string ClientType => "vhost-user";

    public CryptoSessionLayout SessionLayout { get; private set; } = CryptoSessionLayout.Qemu72;

    /// <summary>True once the back-end went away (every request and session then fails).</summary>
    public bool IsDisconnected => _gone is not null;

    /// <summary>Why the back-end is gone, when it is.</summary>
    public string? DisconnectReason => _gone;

    public override VirtioCryptoFeatures SupportedFeatures =>
        (VirtioCryptoFeatures)(_client?.BackendFeatures ?? 0) & base.SupportedFeatures;

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        base.OnPropertySet(property, value);
        switch (property.Name)
        {
            case "session-layout":
                SessionLayout = value.Text == VhostUserSchemas.Qemu81Layout ? CryptoSessionLayout.Qemu81 : CryptoSessionLayout.Qemu72;
                break;
            case "ring-size":
                _ringSize = (int)value.AsUInt32;
                break;
            case "timeout":
                _timeoutMs = (int)Math.Min(value.AsUInt32, int.MaxValue);
                break;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        Connect(registry);
        try
        {
            base.OnComplete(registry);
        }
        catch
        {
            Disconnect();
            throw;
        }

        foreach (var extension in new[] { "session-layout", "memdev", "ring-size", "timeout" })
        {
            if (Get(extension) is not null)
            {
                Warn("vhost-user-extension", $"{extension} is a qcrypto extension: QEMU's cryptodev-vhost-user refuses it", "remove it for QEMU");
            }
        }
    }

    protected override CryptodevBackendConfig BuildConfig() => Advertised(_remoteConfig, SessionLayout);

    protected override VirtioCryptoStatus BuildSession(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, out CryptoSession? session)
    {
        session = null;
        if (_client is not { } client || _gone is not null)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        long remote;
        try
        {
            remote = client.CreateSession(SessionLayout, request, cipherKey, authKey);
        }
        catch (VhostUserException e)
        {
            LoseBackend(e.Message);
            return VIRTIO_CRYPTO_ERR;
        }

        if (remote == long.MinValue)
        {
            // The layout cannot carry this session (HASH/MAC/AEAD/AKCIPHER in QEMU 7.2's, or a key too long).
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        if (remote < 0)
        {
            // Our back-end answers -status; others (QEMU's convention) just a negative number.
            return -remote is >= (long)VIRTIO_CRYPTO_ERR and <= (long)VIRTIO_CRYPTO_KEY_REJECTED ? (VirtioCryptoStatus)(-remote) : VIRTIO_CRYPTO_ERR;
        }

        session = new RemoteSession(request, remote, this);
        return VIRTIO_CRYPTO_OK;
    }

    internal void CloseRemote(long remoteId)
    {
        if (_client is { } client && _gone is null)
        {
            try
            {
                client.CloseSession(remoteId);
            }
            catch (VhostUserException e)
            {
                LoseBackend(e.Message);
            }
        }
    }

    RequestResult IRequestForwarder.Forward(int queue, VirtqueueElement element, IRequestCompletion? completion)
    {
        var queues = _queues;
        if (queues is null || (uint)queue >= (uint)queues.Length)
        {
            return element.ReadableCount == 0 || element.WritableCount == 0
                ? Fail(element, DeviceErrors.DataqMissingHeaders)
                : Fail(element, queues is null ? $"cryptodev-vhost-user '{Id}': no device attached" : DeviceErrors.NoDataQueue(queue));
        }

        return queues[queue].Submit(element, completion, (_features & VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1) != 0);
    }

    private static RequestResult Fail(VirtqueueElement element, string error)
    {
        if (element.WritableCount > 0 && element.Writable[^1].Length > 0)
        {
            element.Writable[^1].Span[^1] = (byte)VIRTIO_CRYPTO_ERR;
            return new RequestResult(VIRTIO_CRYPTO_ERR, 1, DeviceError: error);
        }

        return new RequestResult(VIRTIO_CRYPTO_ERR, 0, DeviceError: error);
    }

    /// <summary>The session id the back-end gave for our <paramref name="local"/> one; an id it never gives when unknown.</summary>
    private ulong RemoteSessionOf(ulong local)
    {
        if (TryAcquireSession(local, out var session) && session is RemoteSession remote)
        {
            var id = (ulong)remote.RemoteId;
            session.Release();
            return id;
        }

        session?.Release();
        return ulong.MaxValue;
    }

    protected override void OnDispose()
    {
        base.OnDispose();
        Disconnect();
    }
}
