namespace Qcrypto.TestCerts.Tests.Support;

/// <summary>Every distinct certificate any scenario holds, with where it came from.</summary>
public static class AllCertificates
{
    public static IReadOnlyList<(string Origin, IssuedCert Cert)> List { get; } = Collect();

    private static IReadOnlyList<(string Origin, IssuedCert Cert)> Collect()
    {
        var all = new List<(string, IssuedCert)>();
        foreach (var edition in Enum.GetValues<QemuTestEdition>())
        {
            foreach (var s in QemuTestCerts.CredsX509Cases(edition))
            {
                all.AddRange(s.CaCerts.Select((c, i) => ($"{edition}/{s.Name}/ca{i}", c)));
                if (s.Leaf is { } leaf)
                {
                    all.Add(($"{edition}/{s.Name}/leaf", leaf));
                }
            }
        }

        foreach (var s in QemuTestCerts.SessionCases())
        {
            if (s.ServerCert is { } server)
            {
                all.Add(($"session/{s.Name}/server", server));
            }

            if (s.ClientCert is { } client)
            {
                all.Add(($"session/{s.Name}/client", client));
            }
        }

        foreach (var s in BrokenCertDirs.All)
        {
            all.AddRange(s.CaCerts.Select((c, i) => ($"broken/{s.Name}/ca{i}", c)));
            if (s.Leaf is { } leaf)
            {
                all.Add(($"broken/{s.Name}/leaf", leaf));
            }
        }

        return all.DistinctBy(c => Convert.ToBase64String(c.Item2.ToDer())).ToArray();
    }
}
