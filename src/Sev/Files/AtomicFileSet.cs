using Qcrypto.Keys;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Interop;

namespace Qcrypto.Sev.Files;

/// <summary>
/// Several output files written all or nothing: each goes to a temporary name in its directory
/// (created exclusively, with its final mode, synced), and only when every one was written are they
/// renamed into place. On any failure the temporary files are removed and nothing is left behind
/// (enarx sevctl#96: a failed session must not leave tek/tik files).
/// </summary>
public sealed class AtomicFileSet
{
    private readonly List<(string Path, byte[]? Public, SecretBuffer? Private, int Mode)> _files = [];

    /// <summary>Adds a file; <paramref name="mode"/> is its permission bits (0600 for key material).</summary>
    public AtomicFileSet Add(string path, byte[] content, int mode)
    {
        _files.Add((path, content, null, mode));
        return this;
    }

    /// <summary>Adds a file of key material, mode 0600, written straight from its pinned buffer (which the caller keeps and disposes).</summary>
    public AtomicFileSet AddPrivate(string path, SecretBuffer content)
    {
        _files.Add((path, null, content, SevFiles.PrivateMode));
        return this;
    }

    public IReadOnlyList<string> Paths => [.. _files.Select(f => f.Path)];

    /// <summary>Names already taken (for refusing to overwrite without being told).</summary>
    public IReadOnlyList<string> Existing => [.. _files.Where(f => PosixFile.Exists(f.Path)).Select(f => f.Path)];

    /// <summary>Writes every file or none.</summary>
    public void Commit()
    {
        var temporary = new List<string>();
        try
        {
            foreach (var (path, content, secret, mode) in _files)
            {
                var tmp = $"{path}.tmp-{Environment.ProcessId}";
                var errno = PosixFile.Open(tmp, PosixFile.WriteOnly | PosixFile.Create | PosixFile.Exclusive | PosixFile.CloseOnExec, mode, out var fd);
                if (errno != 0)
                {
                    throw Failed(path, errno);
                }

                temporary.Add(tmp);
                try
                {
                    errno = PosixFile.WriteAll(fd, content ?? secret!.Span);
                    errno = errno != 0 ? errno : PosixFile.ChangeMode(fd, mode);
                    errno = errno != 0 ? errno : PosixFile.Sync(fd);
                }
                finally
                {
                    PosixFile.Close(fd);
                }

                if (errno != 0)
                {
                    throw Failed(path, errno);
                }
            }

            var existed = _files.Select(f => PosixFile.Exists(f.Path)).ToArray();
            for (var i = 0; i < _files.Count; i++)
            {
                var errno = Libc.Rename(temporary[i], _files[i].Path);
                if (errno != 0)
                {
                    // Same directory, so this hardly happens; still take back the new names already made.
                    for (var j = 0; j < i; j++)
                    {
                        _ = existed[j] ? 0 : Libc.Unlink(_files[j].Path);
                    }

                    throw Failed(_files[i].Path, errno);
                }
            }

            temporary.Clear();
        }
        finally
        {
            foreach (var tmp in temporary)
            {
                _ = Libc.Unlink(tmp);
            }
        }
    }

    private static SevException Failed(string path, int errno) =>
        new(SevErrorCodes.Platform, $"cannot write {path}: {PosixFile.StrError(errno)}", hint: "nothing was written");
}
