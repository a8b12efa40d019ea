namespace Qcrypto.Interop.Tests.Tools;

/// <summary>How a plaintext goes into <c>qcrypto secret encrypt</c> and how its ciphertext comes out.</summary>
public enum SecretDelivery
{
    /// <summary><c>--in FILE</c>, ciphertext inline as <c>data=</c>.</summary>
    FileToData,

    /// <summary><c>--in -</c> (stdin), ciphertext inline as <c>data=</c>.</summary>
    StdinToData,

    /// <summary><c>--in FILE --out CIPHERFILE</c>, ciphertext in a <c>file=</c>.</summary>
    FileToFile,
}
