using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Primitives.Tests;

/// <summary>
/// Both CBC directions refuse, before touching a byte, an IV shorter than a block, a destination
/// shorter than the source, and input that is not whole blocks. DecryptCbc used to check nothing:
/// a short IV or a partial block failed halfway, after writing.
/// </summary>
public class CbcArgumentTests
{
    public static TheoryData<int, int, int> BadShapes => new()
    {
        { 8, 32, 32 },   // IV too short
        { 15, 16, 16 },  // IV one byte short
        { 16, 32, 16 },  // dst shorter than src
        { 16, 17, 32 },  // not whole blocks
        { 16, 70, 80 },  // not whole blocks, past the four-block loop
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void DecryptCbcRefusesWhatEncryptCbcRefuses(int ivLength, int srcLength, int dstLength)
    {
        foreach (var key in new AesKey[] { new AesNiKey(new byte[32]), new AesNiKey(new byte[16]), new ManagedAesKey(new byte[32]) })
        {
            using (key)
            {
                var dst = new byte[dstLength];
                Array.Fill(dst, (byte)0xA5);
                Assert.ThrowsAny<ArgumentException>(() => key.EncryptCbc(new byte[ivLength], new byte[srcLength], dst));
                Assert.ThrowsAny<ArgumentException>(() => key.DecryptCbc(new byte[ivLength], new byte[srcLength], dst));
                Assert.All(dst, b => Assert.Equal(0xA5, b));
            }
        }
    }

    [Fact]
    public void EmptyInputIsWholeBlocks()
    {
        using var key = new AesNiKey(new byte[32]);
        key.EncryptCbc(new byte[16], [], []);
        key.DecryptCbc(new byte[16], [], []);
    }
}
