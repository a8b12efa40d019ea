using Qcrypto.Composition;
using Qcrypto.Tls.Checks;
using Qcrypto.Tls.Creation;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Cli.Commands;

/// <summary>The demo's certificate-directory step: certdir create, certdir check, then an x509 handshake with the result.</summary>
internal static class CertdirDemo
{
    public static bool CreateCheckHandshake(string dir)
    {
        var ca = Path.Combine(dir, "pki-ca");
        var server = Path.Combine(dir, "pki-server");
        var client = Path.Combine(dir, "pki-client");
        Std.Out.WriteLine("   qcrypto certdir create pki-server --ca-dir pki-ca --hostname localhost --ip 127.0.0.1 --key ecdsa-p256");
        var s = CertdirCreateCommand.Make(server, ca, ["localhost"], ["127.0.0.1"], null, 365, CertDirKeyType.EcdsaP256, force: false);
        Std.Out.WriteLine("   qcrypto certdir create pki-client --ca-dir pki-ca --client demo-client --key ecdsa-p256");
        var c = CertdirCreateCommand.Make(client, ca, [], [], "demo-client", 365, CertDirKeyType.EcdsaP256, force: false);
        foreach (var report in s.Checks.Concat(c.Checks))
        {
            Std.Out.WriteLine($"   certdir check {Path.GetFileName(report.Dir)} --endpoint {(report.Endpoint == TlsEndpoint.Server ? "server" : "client")}: " +
                $"QEMU 7.2 {(report.QemuLoads ? "loads it" : "REFUSES it")}, {report.Errors} error(s), {report.Warnings} warning(s)");
        }

        // A broken copy: the server key swapped for the client's. QEMU's message, and the checker's own finding.
        var broken = Path.Combine(dir, "pki-broken");
        Directory.CreateDirectory(broken);
        foreach (var f in new[] { "ca-cert.pem", "server-cert.pem" })
        {
            File.Copy(Path.Combine(server, f), Path.Combine(broken, f));
        }

        File.Copy(Path.Combine(client, "client-key.pem"), Path.Combine(broken, "server-key.pem"));
        var bad = CertDirChecker.Check(new CertDirCheckOptions(broken, TlsEndpoint.Server) { Hostnames = ["localhost", "qemu.example"] }, QcryptoCatalog.Create());
        Std.Out.WriteLine("   certdir check pki-broken --endpoint server --hostname localhost --hostname qemu.example  (client key as server key):");
        foreach (var f in bad.Findings)
        {
            Std.Out.WriteLine($"     {f.SeverityName} [{f.Code}] {f.Message.Replace(dir + "/", string.Empty, StringComparison.Ordinal)}");
        }

        using var registry = QcryptoCatalog.CreateRegistry();
        var serverLine = $"tls-creds-x509,id=x509-server,endpoint=server,dir={server}";
        var clientLine = $"tls-creds-x509,id=x509-client,endpoint=client,dir={client}";
        var serverCreds = (TlsCreds)registry.Add(serverLine);
        var clientCreds = (TlsCreds)registry.Add(clientLine);
        Std.Out.WriteLine("   -object tls-creds-x509,id=x509-server,endpoint=server,dir=pki-server   (verify-peer=on: the client must present a certificate)");
        Std.Out.WriteLine("   -object tls-creds-x509,id=x509-client,endpoint=client,dir=pki-client");
        var description = DemoTls.Handshake(serverCreds, clientCreds, registry);
        Std.Out.WriteLine($"   handshake: {description}");
        return s.Checks.Concat(c.Checks).All(r => r.QemuLoads && r.Errors == 0 && r.Warnings == 0)
            && !bad.QemuLoads && bad.Findings.Any(f => f.Code == "key-cert-mismatch") && bad.Findings.Any(f => f.Code == "hostname-mismatch")
            && description.StartsWith('(');
    }
}
