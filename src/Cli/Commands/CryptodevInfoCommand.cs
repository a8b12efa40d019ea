using System.CommandLine;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto cryptodev info --object LINE... [--json]</c>: creates the backend(s) from their -object
/// lines as the emulator would, attaches a virtio-crypto device, and prints what its guest sees: the
/// config space (services, algorithm masks, limits) plus the backend's queues, session limit and
/// throttle, and the feature bits offered.
/// </summary>
internal static class CryptodevInfoCommand
{
    public static Command Create()
    {
        var objects = CommonOptions.Objects(required: true);
        var chardevs = CommonOptions.Chardevs();
        var json = CommonOptions.Json();
        var command = new Command("info", "Show what a guest sees of a cryptodev backend: services, algorithms, limits")
        {
            objects, chardevs, json,
        };
        command.SetAction(r => Run(r.GetValue(objects)!, r.GetValue(chardevs) ?? [], r.GetValue(json)));
        return command;
    }

    private static int Run(string[] lines, string[] chardevs, bool json)
    {
        using var registry = ObjectLineProcessor.Build(lines, allowWorldReadable: false, chardevs);
        var backends = registry.OfType<CryptodevBackend>().ToList();
        if (backends.Count == 0)
        {
            throw new UsageException("no cryptodev backend among the --object lines", "add --object cryptodev-backend-builtin,id=cryptodev0");
        }

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("backends");
                foreach (var backend in backends)
                {
                    using var device = new VirtioCryptoDevice(backend);
                    var c = device.Config;
                    var info = backend.Info;
                    w.WriteStartObject();
                    w.WriteString("id", backend.Id);
                    w.WriteString("type", backend.TypeName);
                    w.WriteStartArray("services");
                    info.Services.ToList().ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                    w.WriteStartArray("clients");
                    foreach (var client in info.Clients)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("queue", client.Queue);
                        w.WriteString("type", client.Type);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartObject("config");
                    w.WriteBoolean("hw_ready", (c.Status & VirtioCryptoConfig.VIRTIO_CRYPTO_S_HW_READY) != 0);
                    w.WriteNumber("max_dataqueues", c.MaxDataqueues);
                    w.WriteNumber("crypto_services", c.CryptoServices);
                    w.WriteNumber("cipher_algo_l", c.CipherAlgoL);
                    w.WriteNumber("cipher_algo_h", c.CipherAlgoH);
                    w.WriteNumber("hash_algo", c.HashAlgo);
                    w.WriteNumber("mac_algo_l", c.MacAlgoL);
                    w.WriteNumber("mac_algo_h", c.MacAlgoH);
                    w.WriteNumber("aead_algo", c.AeadAlgo);
                    w.WriteNumber("max_cipher_key_len", c.MaxCipherKeyLen);
                    w.WriteNumber("max_auth_key_len", c.MaxAuthKeyLen);
                    w.WriteNumber("akcipher_algo", c.AkcipherAlgo);
                    w.WriteNumber("max_size", c.MaxSize);
                    w.WriteEndObject();
                    WriteNames(w, "cipher", CryptodevNames.Bits<VirtioCryptoCipherAlgo>(c.CipherAlgoL | ((ulong)c.CipherAlgoH << 32), "VIRTIO_CRYPTO_CIPHER_"));
                    WriteNames(w, "hash", CryptodevNames.Bits<VirtioCryptoHashAlgo>(c.HashAlgo, "VIRTIO_CRYPTO_HASH_"));
                    WriteNames(w, "mac", CryptodevNames.Bits<VirtioCryptoMacAlgo>(c.MacAlgoL | ((ulong)c.MacAlgoH << 32), "VIRTIO_CRYPTO_MAC_"));
                    WriteNames(w, "aead", CryptodevNames.Bits<VirtioCryptoAeadAlgo>(c.AeadAlgo, "VIRTIO_CRYPTO_AEAD_"));
                    WriteNames(w, "akcipher", CryptodevNames.Bits<VirtioCryptoAkcipherAlgo>(c.AkcipherAlgo, "VIRTIO_CRYPTO_AKCIPHER_"));
                    WriteNames(w, "features_offered", CryptodevNames.Features(VirtioCryptoDevice.OfferedFeaturesFor(backend)));
                    w.WriteNumber("max_sessions", backend.MaxSessions);
                    w.WriteNumber("throttle_bps", backend.Throttle.BytesPerSecond);
                    w.WriteNumber("throttle_ops", backend.Throttle.OpsPerSecond);
                    var raw = new byte[VirtioCryptoConfig.Size];
                    c.Write(raw);
                    w.WriteString("config_space", Convert.ToHexStringLower(raw));
                    JsonOutput.WriteWarnings(w, backend.Warnings);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        foreach (var backend in backends)
        {
            using var device = new VirtioCryptoDevice(backend);
            var c = device.Config;
            var o = Std.Out;
            o.WriteLine($"{backend.TypeName} '{backend.Id}': {backend.Queues} queue(s), client type {backend.ClientType}");
            o.WriteLine($"  status              {((c.Status & VirtioCryptoConfig.VIRTIO_CRYPTO_S_HW_READY) != 0 ? "HW_READY" : "not ready")}");
            o.WriteLine($"  max_dataqueues      {c.MaxDataqueues}");
            o.WriteLine($"  services            {string.Join(' ', backend.Info.Services)}");
            o.WriteLine($"  cipher              {string.Join(' ', CryptodevNames.Bits<VirtioCryptoCipherAlgo>(c.CipherAlgoL | ((ulong)c.CipherAlgoH << 32), "VIRTIO_CRYPTO_CIPHER_"))}");
            o.WriteLine($"  hash                {string.Join(' ', CryptodevNames.Bits<VirtioCryptoHashAlgo>(c.HashAlgo, "VIRTIO_CRYPTO_HASH_"))}");
            o.WriteLine($"  mac                 {string.Join(' ', CryptodevNames.Bits<VirtioCryptoMacAlgo>(c.MacAlgoL | ((ulong)c.MacAlgoH << 32), "VIRTIO_CRYPTO_MAC_"))}");
            o.WriteLine($"  aead                {string.Join(' ', CryptodevNames.Bits<VirtioCryptoAeadAlgo>(c.AeadAlgo, "VIRTIO_CRYPTO_AEAD_"))}");
            o.WriteLine($"  akcipher            {string.Join(' ', CryptodevNames.Bits<VirtioCryptoAkcipherAlgo>(c.AkcipherAlgo, "VIRTIO_CRYPTO_AKCIPHER_"))}");
            o.WriteLine($"  max_cipher_key_len  {c.MaxCipherKeyLen}");
            o.WriteLine($"  max_auth_key_len    {c.MaxAuthKeyLen}");
            o.WriteLine($"  max_size            {c.MaxSize}");
            o.WriteLine($"  max sessions        {backend.MaxSessions}");
            o.WriteLine($"  throttle            {(backend.Throttle.IsEnabled ? $"{backend.Throttle.BytesPerSecond} B/s, {backend.Throttle.OpsPerSecond} ops/s (0: unlimited)" : "off")}");
            o.WriteLine($"  features offered    {string.Join(' ', CryptodevNames.Features(VirtioCryptoDevice.OfferedFeaturesFor(backend)))}");
            var raw = new byte[VirtioCryptoConfig.Size];
            c.Write(raw);
            o.WriteLine($"  config space        {Convert.ToHexStringLower(raw)}");
        }

        return ExitCodes.Ok;
    }

    private static void WriteNames(System.Text.Json.Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
