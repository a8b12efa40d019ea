using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>An AKCIPHER session (RSA or ECDSA key).</summary>
internal sealed class AkcipherSession(SessionRequest request, Akcipher akcipher) : CryptoSession(request)
{
    public Akcipher Akcipher { get; } = akcipher;

    protected override void FreePrimitives() => Akcipher.Dispose();
}
