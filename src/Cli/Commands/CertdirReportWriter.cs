using System.Text.Json;
using Qcrypto.Tls.Checks;

namespace Qcrypto.Cli.Commands;

/// <summary>ANSI colours, only when stdout is a terminal (and NO_COLOR is unset).</summary>
internal sealed record Colours(string Red, string Yellow, string Green, string Bold, string Dim, string Reset)
{
    public static Colours None { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);

    public static Colours Ansi { get; } = new("\e[31m", "\e[33m", "\e[32m", "\e[1m", "\e[2m", "\e[0m");

    public static Colours ForStdout() =>
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb")
            ? Ansi
            : None;
}

/// <summary>The human report and the JSON document of <c>certdir check</c>.</summary>
internal static class CertdirReportWriter
{
    public static void Human(TextWriter o, CertDirReport report, Colours c, bool strict)
    {
        o.WriteLine($"{c.Bold}certdir check {report.Dir}{c.Reset} (endpoint {(report.Endpoint == Tls.Creds.TlsEndpoint.Server ? "server" : "client")}, verify-peer {(report.Options.VerifyPeer ? "on" : "off")})");
        o.WriteLine(!report.QemuLoads
            ? $"QEMU 7.2: {c.Red}refuses it{c.Reset}  (-object {report.QemuObject})"
            : report.SessionsFail
            ? $"QEMU 7.2: loads it, {c.Red}but no TLS session can work{c.Reset}  (-object {report.QemuObject})"
            : $"QEMU 7.2: {c.Green}loads it{c.Reset}  (-object {report.QemuObject})");
        if (report.Files.Count > 0)
        {
            o.WriteLine();
            var width = report.Files.Max(f => f.Name.Length) + 2;
            foreach (var file in report.Files)
            {
                o.WriteLine($"  {file.Name.PadRight(width)}{file.Role}");
                foreach (var detail in file.Details)
                {
                    o.WriteLine($"  {new string(' ', width)}{c.Dim}{detail}{c.Reset}");
                }
            }
        }

        if (report.Findings.Count > 0)
        {
            o.WriteLine();
            foreach (var f in report.Findings)
            {
                var severity = f.Severity == FindingSeverity.Error ? $"{c.Red}error  {c.Reset}" : $"{c.Yellow}warning{c.Reset}";
                o.WriteLine($"{severity} {f.Message} [{f.Code}]");
                if (CliWords.Render(f.Fix) is { } fix)
                {
                    o.WriteLine($"        fix: {fix}");
                }
            }
        }

        o.WriteLine();
        var verdict = report.Errors > 0
            ? $"{c.Red}{Count(report.Errors, "error")}{c.Reset}, {Count(report.Warnings, "warning")}"
            : report.Warnings > 0 ? $"{c.Yellow}no errors, {Count(report.Warnings, "warning")}{c.Reset}" : $"{c.Green}no errors, no warnings{c.Reset}";
        o.WriteLine($"{verdict}{(strict && report.Errors == 0 && report.Warnings > 0 ? " (--strict: failing on warnings)" : string.Empty)}");
    }

    public static void Json(Utf8JsonWriter w, CertDirReport report, bool strict)
    {
        w.WriteStartObject();
        w.WriteString("dir", report.Dir);
        w.WriteString("endpoint", report.Endpoint == Tls.Creds.TlsEndpoint.Server ? "server" : "client");
        w.WriteBoolean("verify_peer", report.Options.VerifyPeer);
        w.WriteBoolean("ok", report.Errors == 0 && !(strict && report.Warnings > 0));
        w.WriteStartObject("qemu");
        w.WriteString("version", "7.2");
        w.WriteString("object", report.QemuObject);
        w.WriteBoolean("loads", report.QemuLoads);
        w.WriteBoolean("sessions_work", report.QemuLoads && !report.SessionsFail);
        JsonOutput.WriteOptional(w, "message", report.Findings.FirstOrDefault(f => f.QemuMessage is not null)?.QemuMessage);
        w.WriteEndObject();
        w.WriteNumber("errors", report.Errors);
        w.WriteNumber("warnings", report.Warnings);
        w.WriteStartArray("files");
        foreach (var file in report.Files)
        {
            w.WriteStartObject();
            w.WriteString("name", file.Name);
            w.WriteString("role", file.Role);
            w.WriteStartArray("details");
            file.Details.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("findings");
        foreach (var f in report.Findings)
        {
            w.WriteStartObject();
            w.WriteString("severity", f.SeverityName);
            w.WriteString("code", f.Code);
            JsonOutput.WriteOptional(w, "file", f.File);
            w.WriteString("message", f.Message);
            JsonOutput.WriteOptional(w, "hint", CliWords.Render(f.Fix));
            JsonOutput.WriteOptional(w, "qemu_message", f.QemuMessage);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
