namespace Qcrypto.Cli;

/// <summary>
/// The reader of our stdout or stderr went away (EPIPE: `qcrypto ... | head` after head exited). Not an
/// IOException on purpose: the verbs' handlers for failing files and sockets must not take it for one of
/// theirs. It unwinds to Program, which exits 141 (128 + SIGPIPE) without a word; see <see cref="Std"/>.
/// </summary>
internal sealed class ReaderGoneException() : Exception("the reader of standard output or standard error went away");
