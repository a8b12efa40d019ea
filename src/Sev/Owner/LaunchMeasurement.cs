using Qcrypto.Primitives;
using Qcrypto.Sev.Crypto;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Owner;

/// <summary>What the measurement covers besides the TIK: the platform's API version and build, the policy, the launch digest, the mnonce.</summary>
public sealed record MeasurementInputs(byte ApiMajor, byte ApiMinor, byte Build, SevPolicy Policy, byte[] Digest);

/// <summary>The 48 bytes of query-sev-launch-measure's data: MEASURE (32) then MNONCE (16).</summary>
public sealed record MeasurementBlob(byte[] Measure, byte[] Mnonce)
{
    /// <summary>Decodes query-sev-launch-measure's base64 data (48 bytes).</summary>
    public static MeasurementBlob Parse(string base64)
    {
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), bytes, out var length))
        {
            throw new SevException(SevErrorCodes.Input, "the measurement is not valid base64",
                hint: "pass query-sev-launch-measure's \"data\" as printed (48 bytes, base64)");
        }

        if (length != SevSizes.Measurement)
        {
            throw new SevException(SevErrorCodes.Input, $"the measurement is {length} bytes; query-sev-launch-measure's data is {SevSizes.Measurement} (MEASURE 32 + MNONCE 16)",
                hint: length == SevSizes.Measure ? "this looks like the measure alone: the mnonce (the last 16 bytes of the data) is needed too" : null);
        }

        return new MeasurementBlob(bytes[..SevSizes.Measure], bytes[SevSizes.Measure..SevSizes.Measurement]);
    }

    public string ToBase64() => Convert.ToBase64String([.. Measure, .. Mnonce]);
}

/// <summary>The outcome of checking a measurement: whether it matches and the expected value.</summary>
public sealed record MeasurementCheck(bool Match, byte[] Expected, MeasurementBlob Actual, MeasurementInputs Inputs);

/// <summary>The guest owner's launch measurement (sev-tool calc_measurement, sevctl measurement build).</summary>
public static class LaunchMeasurement
{
    /// <summary>MEASURE = HMAC(TIK, 0x04 ‖ API_MAJOR ‖ API_MINOR ‖ BUILD ‖ POLICY ‖ DIGEST ‖ MNONCE).</summary>
    public static byte[] Compute(ReadOnlySpan<byte> tik, MeasurementInputs inputs, ReadOnlySpan<byte> mnonce)
    {
        if (inputs.Digest.Length != 32)
        {
            throw new SevException(SevErrorCodes.Input, $"the launch digest is {inputs.Digest.Length} bytes; a SHA-256 digest is 32");
        }

        if (mnonce.Length != SevSizes.Mnonce)
        {
            throw new SevException(SevErrorCodes.Input, $"the mnonce is {mnonce.Length} bytes; it is 16");
        }

        var measure = new byte[SevSizes.Measure];
        SevFormulas.Measurement(tik, inputs.ApiMajor, inputs.ApiMinor, inputs.Build, inputs.Policy, inputs.Digest, mnonce, measure);
        return measure;
    }

    /// <summary>Recomputes the measurement with the blob's mnonce and compares in constant time.</summary>
    public static MeasurementCheck Verify(ReadOnlySpan<byte> tik, MeasurementInputs inputs, MeasurementBlob blob)
    {
        var expected = Compute(tik, inputs, blob.Mnonce);
        return new MeasurementCheck(ConstantTime.Equals(expected, blob.Measure), expected, blob, inputs);
    }
}
