using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Qcrypto.TestCerts;

/// <summary>Random certificate serial numbers: positive, at most 63 bits, never zero (RFC 5280 4.1.2.2).</summary>
internal static class Serials
{
    public static long Next()
    {
        Span<byte> bytes = stackalloc byte[8];
        long serial;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            serial = BinaryPrimitives.ReadInt64BigEndian(bytes) & long.MaxValue;
        }
        while (serial == 0);
        return serial;
    }
}
