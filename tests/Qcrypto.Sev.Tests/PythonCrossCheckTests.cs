using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Tests.Support;
using static Qcrypto.Sev.Tests.Support.PyReference;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// What qcrypto makes, recomputed by an independent implementation (sev_reference.py on
/// python3-cryptography) from random inputs: Python unwraps our session blobs with the PDH key the
/// test made and finds our TEK/TIK, checks our measurements (the owner's and the software
/// firmware's), decrypts our secret packets, and verifies the platform's certificate signatures.
/// </summary>
public sealed class PythonCrossCheckTests
{
    [Fact]
    public void PythonUnwrapsOurSessionsWithThePdhKey()
    {
        var ops = new List<JsonObject>();
        var sessions = new List<LaunchSession>();
        for (var i = 0; i < 8; i++)
        {
            using var pdhKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
            var pdh = SevCertificate.Create(SevKeyUsage.Pdh, SevAlgorithm.EcdhSha256, 0, 24, s => SevKeys.WriteEcKey(s, pdhKey.ExportParameters(false)));
            var policy = (uint)RandomNumberGenerator.GetInt32(0, 0x40) | ((uint)RandomNumberGenerator.GetInt32(0, 2) << 16);
            var session = LaunchSession.Create(pdh, new SevPolicy(policy));
            sessions.Add(session);
            ops.Add(new JsonObject
            {
                ["op"] = "unwrap", ["pdh_key"] = Hex(pdhKey.ExportPkcs8PrivateKey()), ["godh"] = Hex(session.Godh.Bytes),
                ["session"] = Hex(session.Session), ["policy"] = policy,
            });
        }

        var results = PyReference.Run(ops);
        for (var i = 0; i < sessions.Count; i++)
        {
            Assert.Null(results[i]!["error"]);
            Assert.Equal(Hex(sessions[i].Keys.Both), (string)results[i]!["tk"]!);
            Assert.True((bool)results[i]!["godh_self_signed"]!);
            sessions[i].Dispose();
        }
    }

    [Fact]
    public void PythonAgreesWithOurMeasurementsAndSecretPackets()
    {
        var ops = new List<JsonObject>();
        var expected = new List<(byte[] Measure, byte[] Plaintext)>();
        for (var i = 0; i < 16; i++)
        {
            using var keys = TransportKeys.Generate();
            var inputs = new MeasurementInputs((byte)RandomNumberGenerator.GetInt32(256), (byte)RandomNumberGenerator.GetInt32(256),
                (byte)RandomNumberGenerator.GetInt32(256), new SevPolicy((uint)RandomNumberGenerator.GetInt32(int.MaxValue)), RandomNumberGenerator.GetBytes(32));
            var mnonce = RandomNumberGenerator.GetBytes(16);
            var measure = LaunchMeasurement.Compute(keys.Tik, inputs, mnonce);
            ops.Add(new JsonObject
            {
                ["op"] = "measure", ["tik"] = Hex(keys.Tik), ["api_major"] = inputs.ApiMajor, ["api_minor"] = inputs.ApiMinor, ["build"] = inputs.Build,
                ["policy"] = inputs.Policy.Value, ["digest"] = Hex(inputs.Digest), ["mnonce"] = Hex(mnonce),
            });
            var plaintext = RandomNumberGenerator.GetBytes(16 * RandomNumberGenerator.GetInt32(1, 300));
            var packet = SecretPacket.Build(keys, measure, plaintext);
            ops.Add(new JsonObject
            {
                ["op"] = "secret", ["tek"] = Hex(keys.Tek), ["tik"] = Hex(keys.Tik), ["header"] = Hex(packet.Header),
                ["ciphertext"] = Hex(packet.Ciphertext), ["measure"] = Hex(measure),
            });
            expected.Add((measure, plaintext));
        }

        var results = PyReference.Run(ops);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Hex(expected[i].Measure), (string)results[2 * i]!["measure"]!);
            Assert.True((bool)results[(2 * i) + 1]!["mac_ok"]!);
            Assert.Equal(Hex(expected[i].Plaintext), (string)results[(2 * i) + 1]!["plaintext"]!);
        }
    }

    [Fact]
    public void PythonChecksTheSoftwareFirmwaresMeasurementAndTheChain()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        var firmware = SyntheticOvmf.Build(size: 3 * 4096);
        LaunchOutcome launched;
        using (var platform = rig.Open())
        {
            launched = VmLaunch.Launch(platform, rig.Guest(0x1), firmware, null);
        }

        var blob = MeasurementBlob.Parse(launched.Measurement!);
        var file = (string name) => Hex(File.ReadAllBytes(Path.Combine(rig.PlatformDir, name)));
        using var ask = RSA.Create();
        ask.ImportPkcs8PrivateKey(File.ReadAllBytes(Path.Combine(rig.PlatformDir, "ask.key")), out _);
        var results = PyReference.Run(
        [
            new JsonObject
            {
                ["op"] = "measure", ["tik"] = Hex(session.Keys.Tik), ["api_major"] = launched.Info.ApiMajor, ["api_minor"] = launched.Info.ApiMinor,
                ["build"] = launched.Info.BuildId, ["policy"] = launched.Info.Policy, ["firmware"] = Hex(firmware), ["mnonce"] = Hex(blob.Mnonce),
            },
            new JsonObject
            {
                ["op"] = "chain", ["pdh"] = file("pdh.cert"), ["pek"] = file("pek.cert"), ["oca"] = file("oca.cert"), ["cek"] = file("cek.cert"),
                ["ask_public"] = Hex(ask.ExportSubjectPublicKeyInfo()),
            },
        ]);
        Assert.Equal(Hex(blob.Measure), (string)results[0]!["measure"]!);
        Assert.Equal(Hex(launched.LaunchDigest), (string)results[0]!["digest"]!);
        foreach (var link in new[] { "pdh_by_pek", "pek_by_oca", "pek_by_cek", "oca_self", "cek_by_ask" })
        {
            Assert.True((bool)results[1]![link]!, link);
        }
    }
}
