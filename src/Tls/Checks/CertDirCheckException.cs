using Qcrypto.Errors;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// The check cannot run: no such directory, a bad option, a broken -object line. <see cref="Problem"/> is the
/// message as data (its actions are the options of <see cref="CertDirCheckOptions"/>, for a front end to word
/// as its own flags); <see cref="Exception.Message"/> says it in the library's words.
/// </summary>
public sealed class CertDirCheckException : QcryptoException
{
    public CertDirCheckException(Advice problem, Advice? fix = null, Exception? inner = null)
        : base(TlsErrorCodes.CertDirCannotCheck, problem.ToString(), null, null, fix, inner)
    {
        Problem = problem;
    }

    /// <summary>What is wrong, as data.</summary>
    public Advice Problem { get; }
}
