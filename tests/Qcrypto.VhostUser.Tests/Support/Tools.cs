namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>The real programs these tests start; a missing one fails naming its Debian package.</summary>
public static class Tools
{
    public static string Require(string name, string debianPackage) => Qcrypto.Cryptodev.Tests.Support.Tool.Require(name, debianPackage);
}
