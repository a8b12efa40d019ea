namespace Qcrypto.Cli;

/// <summary>The exit codes of every qcrypto verb (a public contract: scripts test them).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked (warnings may have been printed).</summary>
    public const int Ok = 0;

    /// <summary>The objects, secrets or files examined are wrong: validation, loading or decryption failed.</summary>
    public const int Invalid = 1;

    /// <summary>Could not run: bad command line, unreadable input, or refusing to write a secret to a terminal.</summary>
    public const int Usage = 2;

    /// <summary>
    /// The reader of stdout or stderr went away (EPIPE, as `| head` does): stop at once, silently, with the status
    /// a C tool killed by SIGPIPE gives (128 + 13). It wins over any other outcome of the run.
    /// </summary>
    public const int ReaderGone = 141;
}
