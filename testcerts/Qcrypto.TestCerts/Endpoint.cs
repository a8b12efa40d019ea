namespace Qcrypto.TestCerts;

/// <summary>Which side of the TLS connection a credentials directory is for (QEMU's endpoint= property).</summary>
public enum Endpoint
{
    /// <summary>endpoint=client (QEMU's default).</summary>
    Client,

    /// <summary>endpoint=server.</summary>
    Server,
}

/// <summary>QEMU spellings of <see cref="Endpoint"/>.</summary>
public static class EndpointExtensions
{
    /// <summary>"client" or "server", as written in -object tls-creds-x509,endpoint=...</summary>
    public static string ToQemuName(this Endpoint endpoint) => endpoint == Endpoint.Server ? "server" : "client";
}
