namespace Qcrypto.Primitives.Tests;

/// <summary>The published test vectors the known-answer tests use (checked against python3-cryptography when written).</summary>
internal static class Vectors
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>NIST SP 800-38A, appendix F: the four plaintext blocks every mode example encrypts.</summary>
    public static readonly byte[] Sp80038APlaintext = Hex(
        "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

    /// <summary>SP 800-38A's keys (also SP 800-38B's CMAC examples), by key size in bits.</summary>
    public static byte[] Sp80038AKey(int bits) => Hex(bits switch
    {
        128 => "2b7e151628aed2a6abf7158809cf4f3c",
        192 => "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        _ => "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
    });

    public static readonly byte[] Sp80038ACbcIv = Hex("000102030405060708090a0b0c0d0e0f");

    public static readonly byte[] Sp80038ACtrCounter = Hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");

    /// <summary>SP 800-38A F.1 (ECB), F.2 (CBC) and F.5 (CTR) ciphertexts.</summary>
    public static TheoryData<string, int, string> Sp80038A => new()
    {
        { "ecb", 128, "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4" },
        { "ecb", 192, "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eefef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e" },
        { "ecb", 256, "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7" },
        { "cbc", 128, "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7" },
        { "cbc", 192, "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd" },
        { "cbc", 256, "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b" },
        { "ctr", 128, "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee" },
        { "ctr", 192, "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e941e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050" },
        { "ctr", 256, "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6" },
    };

    /// <summary>FIPS-197 appendix C: key 00 01 02 ..., plaintext 00 11 22 ... ff, one block.</summary>
    public static TheoryData<int, string> Fips197 => new()
    {
        { 128, "69c4e0d86a7b0430d8cdb78070b4c55a" },
        { 192, "dda97ca4864cdfe06eaf70a0ec0d7191" },
        { 256, "8ea2b7ca516745bfeafc49904b496089" },
    };

    /// <summary>RFC 4493 section 4 (AES-128) and SP 800-38B appendix D (AES-192, AES-256): MACs of the first 0, 16, 40 and 64 bytes of <see cref="Sp80038APlaintext"/>.</summary>
    public static TheoryData<int, int, string> Cmac => new()
    {
        { 128, 0, "bb1d6929e95937287fa37d129b756746" },
        { 128, 16, "070a16b46b4d4144f79bdd9dd04a287c" },
        { 128, 40, "dfa66747de9ae63030ca32611497c827" },
        { 128, 64, "51f0bebf7e3b9d92fc49741779363cfe" },
        { 192, 0, "d17ddf46adaacde531cac483de7a9367" },
        { 192, 16, "9e99a7bf31e710900662f65e617c5184" },
        { 192, 40, "8a1de5be2eb31aad089a82e6ee908b0e" },
        { 192, 64, "a1d5df0eed790f794d77589659f39a11" },
        { 256, 0, "028962f61b7bf89efc6b551f4667d983" },
        { 256, 16, "28a7023f452e8f82bd4bf28d8c37c35c" },
        { 256, 40, "aaf3d8f1de5640c232f5b169b9c911e6" },
        { 256, 64, "e1992190549f6ed5696a2c056c315410" },
    };

    private const string GcmKey = "feffe9928665731c6d6a8f9467308308";
    private const string GcmPlaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private const string GcmIv = "cafebabefacedbaddecaf888";
    private const string GcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    /// <summary>The GCM specification's test cases (McGrew and Viega), 1-4, 7-9 and 13-16: key, plaintext, IV, AAD, ciphertext, tag.</summary>
    public static TheoryData<string, string, string, string, string, string> Gcm => new()
    {
        { new string('0', 32), "", new string('0', 24), "", "", "58e2fccefa7e3061367f1d57a4e7455a" },
        { new string('0', 32), new string('0', 32), new string('0', 24), "", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf" },
        { GcmKey, GcmPlaintext, GcmIv, "", "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985", "4d5c2af327cd64a62cf35abd2ba6fab4" },
        { GcmKey, GcmPlaintext[..120], GcmIv, GcmAad, "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091", "5bc94fbc3221a5db94fae95ae7121a47" },
        { new string('0', 48), "", new string('0', 24), "", "", "cd33b28ac773f74ba00ed1f312572435" },
        { new string('0', 48), new string('0', 32), new string('0', 24), "", "98e7247c07f0fe411c267e4384b0f600", "2ff58d80033927ab8ef4d4587514f0fb" },
        { GcmKey + GcmKey[..16], GcmPlaintext, GcmIv, "", "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256", "9924a7c8587336bfb118024db8674a14" },
        { new string('0', 64), "", new string('0', 24), "", "", "530f8afbc74536b9a963b4f1c4cb738b" },
        { new string('0', 64), new string('0', 32), new string('0', 24), "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
        { GcmKey + GcmKey, GcmPlaintext, GcmIv, "", "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad", "b094dac5d93471bdec1a502270e3cc6c" },
        { GcmKey + GcmKey, GcmPlaintext[..120], GcmIv, GcmAad, "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662", "76fc6ece0f4e1768cddf8853bb2d551b" },
    };

    private const string XtsKey15 = "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0";

    /// <summary>IEEE 1619-2007 appendix B: vectors 2 and 3 (whole blocks) and 15 to 18 (ciphertext stealing): key1 || key2, tweak, plaintext, ciphertext.</summary>
    public static TheoryData<string, string, string, string> Xts => new()
    {
        { "11111111111111111111111111111111" + "22222222222222222222222222222222", "33333333330000000000000000000000", new string('4', 64), "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0" },
        { "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0" + "22222222222222222222222222222222", "33333333330000000000000000000000", new string('4', 64), "af85336b597afc1a900b2eb21ec949d292df4c047e0b21532186a5971a227a89" },
        { XtsKey15, "9a785634120000000000000000000000", "000102030405060708090a0b0c0d0e0f10", "6c1625db4671522d3d7599601de7ca09ed" },
        { XtsKey15, "9a785634120000000000000000000000", "000102030405060708090a0b0c0d0e0f1011", "d069444b7a7e0cab09e24447d24deb1fedbf" },
        { XtsKey15, "9a785634120000000000000000000000", "000102030405060708090a0b0c0d0e0f101112", "e5df1351c0544ba1350b3363cd8ef4beedbf9d" },
        { XtsKey15, "9a785634120000000000000000000000", "000102030405060708090a0b0c0d0e0f10111213", "9d84c813f719aa2c7be3f66171c7c5c2edbf9dac" },
    };
}
