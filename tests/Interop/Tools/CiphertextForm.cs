namespace Qcrypto.Interop.Tests.Tools;

/// <summary>How an openssl ciphertext is handed to a <c>secret</c> object.</summary>
public enum CiphertextForm
{
    /// <summary><c>openssl enc</c> binary output, as <c>file=...,format=raw</c>.</summary>
    RawFile,

    /// <summary><c>openssl enc -a</c> output (wrapped at 64 columns, final newline), as <c>file=...,format=base64</c>.</summary>
    Base64File,

    /// <summary><c>openssl enc -a</c> output joined into one line, as <c>data=...,format=base64</c>.</summary>
    Base64Data,
}
