using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>A HASH or MAC session; its result length is the session's hash_result_len.</summary>
internal sealed class AuthenticatorSession(SessionRequest request, Authenticator authenticator) : CryptoSession(request)
{
    public Authenticator Authenticator { get; } = authenticator;

    protected override void FreePrimitives() => Authenticator.Dispose();
}
