using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;

namespace Qcrypto.Fuzz;

/// <summary>
/// The vhost-user message parsers under fuzzing: the input is a stream of messages (12-byte header,
/// then as much payload as its size says and the input has), each parsed as the back-end parses its
/// request. Sessions that parse are created on a builtin backend and closed again; what parses must
/// survive a write/read round trip. Nothing may throw.
/// </summary>
public static class VhostUserMessageTarget
{
    private static readonly ObjectRegistry Registry = new(new ObjectTypeCatalog().AddSecrets().AddCryptodev());
    private static readonly CryptodevBackend Backend = (CryptodevBackend)Registry.Add("cryptodev-backend-builtin,id=fuzz,max-sessions=4");
    private static readonly VirtioCryptoDevice Device = new(Backend);

    public static void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        Run(buffer.ToArray());
    }

    public static void Run(byte[] input)
    {
        var rest = input.AsSpan();
        while (rest.Length >= VhostUserHeader.Length)
        {
            var header = VhostUserHeader.Read(rest);
            rest = rest[VhostUserHeader.Length..];
            var size = (int)Math.Min(header.Size, (uint)rest.Length);
            One(header, rest[..size]);
            rest = rest[size..];
        }
    }

    private static void One(VhostUserHeader header, ReadOnlySpan<byte> payload)
    {
        Span<byte> scratch = stackalloc byte[64];
        switch (header.Request)
        {
            case VhostUserRequest.SetFeatures or VhostUserRequest.SetProtocolFeatures or VhostUserRequest.SetVringKick
                or VhostUserRequest.SetVringCall or VhostUserRequest.SetVringErr or VhostUserRequest.CloseCryptoSession:
                if (U64Payload.TryRead(payload, out var value))
                {
                    U64Payload.Write(scratch, value);
                    Check(scratch[..8].SequenceEqual(payload), "u64 round trip");
                }

                break;
            case VhostUserRequest.SetVringNum or VhostUserRequest.SetVringBase or VhostUserRequest.GetVringBase or VhostUserRequest.SetVringEnable:
                if (VringState.TryRead(payload, out var state))
                {
                    state.Write(scratch);
                    Check(scratch[..VringState.Size].SequenceEqual(payload), "vring state round trip");
                    _ = Qcrypto.Cryptodev.VhostUser.Virtqueue.VringLayout.IsValidSize(state.Num);
                }

                break;
            case VhostUserRequest.SetVringAddr:
                if (VringAddress.TryRead(payload, out var address))
                {
                    address.Write(scratch);
                    Check(scratch[..VringAddress.Size].SequenceEqual(payload), "vring address round trip");
                }

                break;
            case VhostUserRequest.SetMemTable:
                Span<MemoryRegionDescription> regions = stackalloc MemoryRegionDescription[MemoryTablePayload.MaxRegions];
                if (MemoryTablePayload.TryRead(payload, regions, out var count))
                {
                    Check(payload.Length == MemoryTablePayload.SizeFor(count), "memory table size");
                }

                break;
            case VhostUserRequest.GetConfig or VhostUserRequest.SetConfig:
                if (ConfigPayload.TryRead(payload, out var config))
                {
                    Check(config.Region.Length == (int)config.Size, "config size");
                    Span<byte> space = stackalloc byte[VirtioCryptoConfig.Size];
                    Device.ReadConfig(space);
                }

                break;
            case VhostUserRequest.CreateCryptoSession:
                Session(payload);
                break;
        }
    }

    private static void Session(ReadOnlySpan<byte> payload)
    {
        if (!CryptoSessionMessage.TryDetect(payload.Length, out var layout))
        {
            return;
        }

        if (!CryptoSessionMessage.TryRead(payload, layout, out var request, out var cipherLength, out var authLength, out _))
        {
            return;
        }

        CryptoSessionMessage.Keys(payload, layout, request, cipherLength, authLength, out var cipherKey, out var authKey);
        Check(cipherKey.Length == cipherLength && authKey.Length == authLength, "key lengths");

        // What parsed writes back and parses to the same request.
        var again = new byte[payload.Length];
        if (CryptoSessionMessage.TryWrite(again, layout, request, cipherKey, authKey))
        {
            Check(CryptoSessionMessage.TryRead(again, layout, out var second, out var c2, out var a2, out _) && second == request && c2 == cipherLength && a2 == authLength,
                "session round trip");
        }

        var status = Backend.CreateSession(request, cipherKey, authKey, revision1: false, out var id);
        if (status == VirtioCryptoStatus.VIRTIO_CRYPTO_OK)
        {
            Check(Backend.CloseSession(id) == VirtioCryptoStatus.VIRTIO_CRYPTO_OK, "close");
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"vhost-user message invariant broken: {what}");
        }
    }
}
