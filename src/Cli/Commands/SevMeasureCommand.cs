using System.CommandLine;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Owner;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto sev measure</c>: the launch measurement the guest owner expects (sev-tool's
/// calc_measurement): HMAC-SHA-256 under the TIK of 0x04, the platform's API version and build, the
/// policy, the launch digest (given, or computed from the firmware image and a direct boot's kernel
/// hashes) and the mnonce. Prints the 32 bytes in hex.
/// </summary>
internal static class SevMeasureCommand
{
    /// <summary>The options measure and verify share, and how to read them.</summary>
    internal sealed class Inputs
    {
        public Option<string?> TkFile { get; } = SevCli.TkFile();

        public Option<string?> Tik { get; } = SevCli.Tik();

        public Option<string> ApiMajor { get; } = SevCli.ApiMajor();

        public Option<string> ApiMinor { get; } = SevCli.ApiMinor();

        public Option<string> Build { get; } = SevCli.Build();

        public Option<string> Policy { get; } = SevCli.Policy();

        public Option<string?> Digest { get; } = SevCli.Digest();

        public Option<string?> Ovmf { get; } = SevCli.Ovmf();

        public Option<string?> Kernel { get; } = SevCli.Kernel();

        public Option<string?> Initrd { get; } = SevCli.Initrd();

        public Option<string?> Append { get; } = SevCli.Append();

        public Option<bool> AllowWorldReadable { get; } = CommonOptions.AllowWorldReadable();

        public IEnumerable<Option> All => [TkFile, Tik, ApiMajor, ApiMinor, Build, Policy, Digest, Ovmf, Kernel, Initrd, Append, AllowWorldReadable];

        /// <summary>The measurement's inputs besides the mnonce, all checked before the key file is read.</summary>
        public MeasurementInputs Read(ParseResult r)
        {
            var inputs = new MeasurementInputs(
                SevNumbers.Byte(r.GetValue(ApiMajor)!, "--api-major"), SevNumbers.Byte(r.GetValue(ApiMinor)!, "--api-minor"),
                SevNumbers.Byte(r.GetValue(Build)!, "--build"), new SevPolicy(SevNumbers.Parse(r.GetValue(Policy)!, "--policy")), []);
            var (digest, _) = SevInputs.Digest(r.GetValue(Digest), r.GetValue(Ovmf), r.GetValue(Kernel), r.GetValue(Initrd), r.GetValue(Append));
            return inputs with { Digest = digest };
        }

        public TransportKeys Keys(ParseResult r) => SevInputs.ReadKeys(r.GetValue(TkFile), null, r.GetValue(Tik), needTek: false, r.GetValue(AllowWorldReadable));
    }

    public static Command Create()
    {
        var inputs = new Inputs();
        var mnonce = new Option<string>("--mnonce") { HelpName = "HEX|BASE64", Description = "the 16-byte mnonce (the last 16 bytes of query-sev-launch-measure's data)", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("measure", "Compute the launch measurement a guest owner expects (sev-tool calc_measurement)") { mnonce, json };
        foreach (var option in inputs.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => Run(inputs, r, SevNumbers.Bytes(r.GetValue(mnonce)!, "--mnonce", SevSizes.Mnonce), r.GetValue(json)));
        return command;
    }

    private static int Run(Inputs options, ParseResult r, byte[] mnonce, bool json)
    {
        var inputs = options.Read(r);
        using var keys = options.Keys(r);
        var measure = LaunchMeasurement.Compute(keys.Tik, inputs, mnonce);
        if (!json)
        {
            Std.Out.WriteLine(Convert.ToHexStringLower(measure));
            return ExitCodes.Ok;
        }

        JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("measurement", Convert.ToHexStringLower(measure));
            w.WriteString("query-sev-launch-measure", new MeasurementBlob(measure, mnonce).ToBase64());
            WriteInputs(w, inputs, mnonce);
            w.WriteEndObject();
        });
        return ExitCodes.Ok;
    }

    /// <summary>Every input of the HMAC, so a mismatch can be diffed field by field.</summary>
    internal static void WriteInputs(System.Text.Json.Utf8JsonWriter w, MeasurementInputs inputs, byte[] mnonce)
    {
        w.WriteString("launch-digest", Convert.ToHexStringLower(inputs.Digest));
        w.WriteString("mnonce", Convert.ToHexStringLower(mnonce));
        w.WriteNumber("api-major", inputs.ApiMajor);
        w.WriteNumber("api-minor", inputs.ApiMinor);
        w.WriteNumber("build-id", inputs.Build);
        w.WriteNumber("policy", inputs.Policy.Value);
        w.WriteString("hmac-input", $"04 {inputs.ApiMajor:x2} {inputs.ApiMinor:x2} {inputs.Build:x2} {Convert.ToHexStringLower(BitConverter.GetBytes(inputs.Policy.Value))} "
            + $"{Convert.ToHexStringLower(inputs.Digest)} {Convert.ToHexStringLower(mnonce)}");
    }
}
