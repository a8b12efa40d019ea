using Qcrypto.Keys;
using Qcrypto.Sev.Crypto;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Owner;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// Every published test vector of the reference (../shared/reference/sev.md): virtee/sev's KDF,
/// MAC, session wrap and measurement, sev-tool's readme measurement, sevctl's measurement build and
/// secret build. Bit for bit.
/// </summary>
public sealed class PublishedVectorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Fact]
    public void KdfMasterSecret()
    {
        var output = new byte[16];
        SevKdf.Derive(new byte[16], SevKdf.MasterSecretLabel, new byte[16], output);
        Assert.Equal("ab4d269fcc62bedb4511d56c386ce706", Convert.ToHexStringLower(output));
    }

    [Fact]
    public void PolicyMacOfZeroes()
    {
        var mac = new byte[32];
        SevFormulas.PolicyMac(new byte[16], new SevPolicy(0), mac);
        Assert.Equal("aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void SessionWrapOfZeroes()
    {
        // virtee/sev: TEK = TIK = 0, policy 0, nonce 0, IV 0, and a 16-byte zero Z.
        using var keys = TransportKeys.FromTk(new byte[32], "test");
        var session = LaunchSession.BuildSession(new byte[16], new SevPolicy(0), new byte[16], new byte[16], keys);
        Assert.Equal("2137bc7f9bb8bd7c3e55a576a15d3454b3856b8ba27afadf46dcfee9f02c02c4", Convert.ToHexStringLower(session.AsSpan(SessionLayout.WrapTk, 32)));
        Assert.Equal("3176c0752738bd9d5e86689534020f528c088f16238826b000b327dee6aeed7d", Convert.ToHexStringLower(session.AsSpan(SessionLayout.WrapMac, 32)));
        Assert.Equal("aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af", Convert.ToHexStringLower(session.AsSpan(SessionLayout.PolicyMac, 32)));
        Assert.Equal(new byte[16], session.AsSpan(SessionLayout.Nonce, 16).ToArray());
        Assert.Equal(new byte[16], session.AsSpan(SessionLayout.WrapIv, 16).ToArray());
    }

    [Fact]
    public void MeasurementVirteeAndSevTool()
    {
        // virtee/sev vector 4 = sev-tool readme: 04 00 12 0f 00000000 sha256("") mnonce, TIK.
        using var keys = TransportKeys.FromParts([], false, Hex("66320db73158a35a255d051758e95ed4"), "tek", "tik");
        var inputs = new MeasurementInputs(0x00, 0x12, 0x0f, new SevPolicy(0), Hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        var measure = LaunchMeasurement.Compute(keys.Tik, inputs, Hex("4fbe0bedbad6c86ae8f68971d103e554"));
        Assert.Equal("6faab2daae389bcd3405a05d6cafe33c0414f7bedd0bae19ba5f38b7fd1664ea", Convert.ToHexStringLower(measure));
    }

    [Fact]
    public void MeasurementSevctl()
    {
        using var keys = TransportKeys.FromParts([], false, Hex("3569cf61a32a602b87185ac6e0f55913"), "tek", "tik");
        var inputs = new MeasurementInputs(0x01, 40, 40, new SevPolicy(0x03), Convert.FromBase64String("xkvRAfyaSizgonxAjZIAkR8TmolUabBKQKb6KJCDDSM="));
        var mnonce = Convert.FromBase64String("wxP6tRHCFrFQWxsuqZA8QA==");
        var measure = LaunchMeasurement.Compute(keys.Tik, inputs, mnonce);
        Assert.Equal("lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI4=", Convert.ToBase64String(measure));
        var blob = new MeasurementBlob(measure, mnonce);
        Assert.Equal("lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI7DE/q1EcIWsVBbGy6pkDxA", blob.ToBase64());
        Assert.True(LaunchMeasurement.Verify(keys.Tik, inputs, MeasurementBlob.Parse(blob.ToBase64())).Match);
    }

    [Theory]
    [InlineData(false, "AAAAAKxUdO1N0yx9mJ7FI9klWey8FSzeYQ4X8K71VzNKLU/KQsIsQxLjtbhaPUewqshX5Q==",
        "0U3e5PcXv0UW+H4tSBFKOdCYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCCwD/2w5cPA==")]
    [InlineData(true, "AAAAAKxUdO1N0yx9mJ7FI9klWeyZ3r0dOEKHUOhIRqzGYYvTJgdMtBPL1nK6GD9aGET7Ng==",
        "0U3e5PcXv0UW+H4tSBFKObWYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCC+WWs332lpLNUX1ZI3YK7vYgtys4X+uGxEIlkIQ90v8/w8ZFmQMe")]
    public void SecretSevctl(bool twoSecrets, string header, string payload)
    {
        using var keys = TransportKeys.FromTk([.. Hex("52a869b79ab9c13bb6a92b0561619cb3"), .. Hex("c6d5a9956133050912b24bbe5c372686")], "test");
        var blob = MeasurementBlob.Parse("TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS");
        var entries = new List<(Guid, SecretBuffer)> { (new Guid("736869e5-84f0-4973-92ec-06879ce3da0b"), SecretBuffer.CopyOf("MY-LUKS-PASSPHRASE"u8)) };
        if (twoSecrets)
        {
            entries.Add((new Guid("736869e5-aaaa-4973-92ec-06879ce3da0b"), SecretBuffer.CopyOf("SOME OTHER SECRET"u8)));
        }

        using var table = SecretTable.Build(entries);
        var packet = SecretPacket.Build(keys, blob.Measure, table.Span, 0, Convert.FromBase64String("rFR07U3TLH2YnsUj2SVZ7A=="));
        Assert.Equal(header, packet.HeaderBase64);
        Assert.Equal(payload, packet.SecretBase64);
        entries.ForEach(e => e.Item2.Dispose());
    }
}
