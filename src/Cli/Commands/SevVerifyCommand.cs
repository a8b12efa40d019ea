using System.CommandLine;
using Qcrypto.Sev.Owner;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto sev verify</c>: checks query-sev-launch-measure's data against what the guest owner
/// expects: exit 0 when it matches, 1 when not (with every input printed, to find the one that differs).
/// </summary>
internal static class SevVerifyCommand
{
    public static Command Create()
    {
        var inputs = new SevMeasureCommand.Inputs();
        var measurement = new Option<string>("--measurement") { HelpName = "BASE64", Description = "query-sev-launch-measure's data (48 bytes: MEASURE, MNONCE)", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check a launch measurement (query-sev-launch-measure) against the expected one: exit 0 if it matches, 1 if not")
        {
            measurement, json,
        };
        foreach (var option in inputs.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => Run(inputs, r, r.GetValue(measurement)!, r.GetValue(json)));
        return command;
    }

    private static int Run(SevMeasureCommand.Inputs options, ParseResult r, string measurement, bool json)
    {
        MeasurementBlob blob;
        try
        {
            blob = MeasurementBlob.Parse(measurement);
        }
        catch (Sev.Errors.SevException e)
        {
            throw new UsageException($"--measurement: {e.QemuMessage}", e.Hint);
        }

        var inputs = options.Read(r);
        using var keys = options.Keys(r);
        var check = LaunchMeasurement.Verify(keys.Tik, inputs, blob);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("match", check.Match);
                w.WriteString("measurement", Convert.ToHexStringLower(blob.Measure));
                w.WriteString("expected", Convert.ToHexStringLower(check.Expected));
                SevMeasureCommand.WriteInputs(w, inputs, blob.Mnonce);
                w.WriteEndObject();
            });
        }
        else
        {
            Std.Out.WriteLine(check.Match ? "measurement matches" : "measurement DOES NOT match");
            Std.Out.WriteLine($"  measurement   {Convert.ToHexStringLower(blob.Measure)}");
            Std.Out.WriteLine($"  expected      {Convert.ToHexStringLower(check.Expected)}");
            Std.Out.WriteLine($"  launch digest {Convert.ToHexStringLower(inputs.Digest)}");
            Std.Out.WriteLine($"  api {inputs.ApiMajor}.{inputs.ApiMinor}, build {inputs.Build}, policy {inputs.Policy}, mnonce {Convert.ToHexStringLower(blob.Mnonce)}");
        }

        if (!check.Match)
        {
            Diagnostics.Error("the launch measurement does not match [sev-measurement-mismatch]",
                "check the TIK (the session's), the firmware (the exact image QEMU loaded), and api-major/api-minor/build/policy as query-sev prints them (decimal)");
            return ExitCodes.Invalid;
        }

        return ExitCodes.Ok;
    }
}
