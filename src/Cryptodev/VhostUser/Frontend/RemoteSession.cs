using Qcrypto.Cryptodev.Backend;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>A session the back-end holds: our id maps to its id; destroying ours closes it there.</summary>
internal sealed class RemoteSession(SessionRequest request, long remoteId, CryptodevVhostUser owner) : CryptoSession(request)
{
    public long RemoteId => remoteId;

    protected override void FreePrimitives() => owner.CloseRemote(remoteId);
}
