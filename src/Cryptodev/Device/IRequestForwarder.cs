namespace Qcrypto.Cryptodev.Device;

/// <summary>A backend whose data requests run elsewhere (cryptodev-vhost-user: in the back-end process).</summary>
internal interface IRequestForwarder
{
    /// <summary>Runs the request remotely: its result, or Pending when <paramref name="completion"/> will get it.</summary>
    RequestResult Forward(int queue, VirtqueueElement element, IRequestCompletion? completion);
}
