using Qcrypto.Errors;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli;

/// <summary>The <c>--key-file</c> of the secret verbs: a <see cref="MasterKey"/>, its read errors worded as usage errors.</summary>
internal static class KeyFile
{
    public static MasterKey Load(string path, bool allowWorldReadable)
    {
        try
        {
            return MasterKey.Load(path, allowWorldReadable);
        }
        catch (SecretException e) when (e.Code is ErrorCodes.SecretRead or ErrorCodes.SecretFilePermissions)
        {
            throw new UsageException($"--key-file: {e.QemuMessage}", CliWords.Render(e.Fix) ?? "create a key with: qcrypto secret new-key --out master.key");
        }
    }
}
