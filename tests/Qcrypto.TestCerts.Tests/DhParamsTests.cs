using System.Numerics;
using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>DH parameters: the primes are the RFCs' and GnuTLS and OpenSSL read the PKCS#3 PEM.</summary>
public class DhParamsTests
{
    public static TheoryData<string> Groups => new() { "ffdhe2048", "ffdhe3072", "modp1024" };

    private static DhParams Group(string name) => name switch
    {
        "ffdhe2048" => DhParams.Ffdhe2048,
        "ffdhe3072" => DhParams.Ffdhe3072,
        _ => DhParams.WeakModp1024,
    };

    [Fact]
    public void PrimesFollowTheRfcsClosedForms()
    {
        // RFC 7919 A.1 / A.2 and RFC 2409 6.2 define the primes from e and pi; recompute them independently.
        var two = BigInteger.One;
        Assert.Equal((two << 2048) - (two << 1984) + ((FloorTwoPowTimesE(1918) + 560316) << 64) - 1, DhParams.Ffdhe2048.Prime);
        Assert.Equal((two << 3072) - (two << 3008) + ((FloorTwoPowTimesE(2942) + 2625351) << 64) - 1, DhParams.Ffdhe3072.Prime);
        Assert.Equal((two << 1024) - (two << 960) - 1 + ((FloorTwoPowTimesPi(894) + 129093) << 64), DhParams.WeakModp1024.Prime);
        Assert.Equal([2048L, 3072L, 1024L], new[] { DhParams.Ffdhe2048.Bits, DhParams.Ffdhe3072.Bits, DhParams.WeakModp1024.Bits });
        Assert.All(new[] { DhParams.Ffdhe2048, DhParams.Ffdhe3072, DhParams.WeakModp1024 }, g => Assert.Equal(2, g.Generator));
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void GnuTlsAndOpenSslReadThePkcs3Pem(string name)
    {
        using var dir = new TempDir();
        var group = Group(name);
        var pem = group.ToPem();
        Assert.StartsWith("-----BEGIN DH PARAMETERS-----\n", pem);
        var path = dir.Write("dh.pem", pem);

        var gnutls = ExternalTool.Run("certtool", "--dh-info", "--infile", path).ShouldSucceed().Stdout;
        // certtool prints the generator and prime, then re-exports the parameters: byte-for-byte ours.
        Assert.Contains("generator:\n\t02:", gnutls);
        Assert.Contains(pem, gnutls);

        var openssl = ExternalTool.Run("openssl", "dhparam", "-in", path, "-noout", "-text").ShouldSucceed().Stdout;
        Assert.Contains($"DH Parameters: ({group.Bits} bit)", openssl);
        // `-check` tests that p is a safe prime and g a suitable generator: a single wrong hex digit fails it.
        var check = ExternalTool.Run("openssl", "dhparam", "-in", path, "-noout", "-check").ShouldSucceed();
        Assert.Contains("DH parameters appear to be ok.", check.Stdout + check.Stderr);
    }

    [Theory]
    [InlineData("ffdhe2048")]
    [InlineData("ffdhe3072")]
    public void FfdheGroupsAreTheOnesOpenSslKnowsByName(string name)
    {
        using var dir = new TempDir();
        // OpenSSL recognises a named RFC 7919 group by its prime and says so...
        var ours = ExternalTool.Run("openssl", "dhparam", "-in", dir.Write("ours.pem", Group(name).ToPem()), "-noout", "-text").ShouldSucceed().Stdout;
        Assert.Contains("GROUP: " + name, ours);
        // ...and its own encoding of the named group is byte-for-byte ours.
        var theirs = ExternalTool.Run("openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:" + name).ShouldSucceed().Stdout;
        Assert.Equal(theirs, Group(name).ToPem());
    }

    /// <summary>floor(2^k * e), from e = sum 1/n!, with 64 guard bits.</summary>
    private static BigInteger FloorTwoPowTimesE(int k)
    {
        var one = BigInteger.One << (k + 64);
        var sum = BigInteger.Zero;
        var term = one;
        for (var n = 1; !term.IsZero; n++)
        {
            sum += term;
            term /= n;
        }

        return sum >> 64;
    }

    /// <summary>floor(2^k * pi), from Machin's pi = 16 atan(1/5) - 4 atan(1/239), with 64 guard bits.</summary>
    private static BigInteger FloorTwoPowTimesPi(int k)
    {
        var one = BigInteger.One << (k + 64);
        return ((16 * ArcTanInverse(5, one)) - (4 * ArcTanInverse(239, one))) >> 64;

        static BigInteger ArcTanInverse(int x, BigInteger one)
        {
            var sum = BigInteger.Zero;
            var power = one / x;
            var x2 = x * x;
            for (var n = 0; !power.IsZero; n++)
            {
                var term = power / ((2 * n) + 1);
                sum += n % 2 == 0 ? term : -term;
                power /= x2;
            }

            return sum;
        }
    }
}
