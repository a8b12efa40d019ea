using System.Security.Cryptography;

namespace Qcrypto.Cryptodev.Tests.Support;

public static class Bytes
{
    public static byte[] Random(int length) => RandomNumberGenerator.GetBytes(length);

    /// <summary>Sizes a known-answer test runs: empty, around block boundaries, and a few larger.</summary>
    public static int[] Sizes(int block, bool anyLength) => anyLength
        ? [0, 1, 15, 16, 17, 31, 64, 100, 1000, 4096, 65537]
        : [0, block, 2 * block, 4 * block, 5 * block, 64 * block, 1024 * block];
}
