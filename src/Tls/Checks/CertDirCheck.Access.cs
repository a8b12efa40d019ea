using System.Text;
using Qcrypto.Posix;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

internal sealed partial class CertDirCheck
{
    /// <summary>keys.psk: USER:HEXKEY lines (GnuTLS's format). Never prints a key, only users and line numbers.</summary>
    private void PskFile()
    {
        var bytes = Read(TlsCredsFiles.PskFile);
        if (bytes is null)
        {
            return;
        }

        const string F = TlsCredsFiles.PskFile;
        var text = Encoding.UTF8.GetString(bytes);
        if (text.Contains('\r'))
        {
            Add(CheckRules.PskCarriageReturn.Finding(F, "keys.psk has Windows line endings (\\r\\n)", $"sed -i 's/\\r$//' {Quote(PathOf(F))}"));
        }

        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var users = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var n = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                Add(CheckRules.PskBadLine.Finding(F, $"keys.psk line {n} has no ':' (expected USER:HEXKEY)"));
                continue;
            }

            var user = line[..colon];
            var key = line[(colon + 1)..];
            if (user.Length == 0)
            {
                Add(CheckRules.PskBadLine.Finding(F, $"keys.psk line {n} has an empty user name"));
            }

            if (users.TryGetValue(user, out var first))
            {
                Add(CheckRules.PskDuplicateUser.Finding(F, $"keys.psk lists user '{user}' on lines {first} and {n}"));
            }
            else
            {
                users[user] = n;
            }

            if (key.Length == 0)
            {
                Add(CheckRules.PskEmptyKey.Finding(F, $"keys.psk line {n}: user '{user}' has an empty key", $"psktool -u {user} -p {Quote(PathOf(F))}"));
            }
            else if (PskKeyText.Problem(key) is { } problem)
            {
                Add(CheckRules.PskNotHex.Finding(F, $"keys.psk line {n}: the key of user '{user}' {problem}", $"psktool -u {user} -p {Quote(PathOf(F))}"));
            }
            else if (key.Length / 2 < 16)
            {
                Add(CheckRules.PskShortKey.Finding(F, $"keys.psk line {n}: the key of user '{user}' is {key.Length / 2} bytes", $"psktool -u {user} -s 32 -p {Quote(PathOf(F))}"));
            }
        }

        _files.Add(new CertDirFileSummary(F, "PSK keys (tls-creds-psk)", [$"{users.Count} user(s): {string.Join(", ", users.Keys)}", FileFacts(F)]));
    }

    /// <summary>Private keys (and keys.psk) that every user can read.</summary>
    private void KeyPermissions(List<string> entries)
    {
        foreach (var name in entries.Where(IsSecretFile))
        {
            var s = FileStatus.Of(PathOf(name));
            if (s.Errno != 0 || s.Kind != FileKind.Regular || (s.Permissions & 0x4) == 0)
            {
                continue;
            }

            Add(CheckRules.KeyReadableByOthers.Finding(name, $"{name} is readable by every user (mode {Mode(s)}, owner {Owner(s)})",
                $"chmod o-rwx {Quote(PathOf(name))}", _user is null ? FindingSeverity.Warning : FindingSeverity.Error));
        }
    }

    private bool IsSecretFile(string name) =>
        name is TlsCredsFiles.ServerKey or TlsCredsFiles.ClientKey or TlsCredsFiles.PskFile || (Numbered.Match(name) is { Success: true } m && m.Groups[2].Value == "key");

    /// <summary>--user: every file the endpoint reads must be readable by that user, through searchable directories.</summary>
    private void UserAccess(List<string> entries)
    {
        var user = _user!;
        var full = Path.GetFullPath(_dir);
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i <= parts.Length; i++)
        {
            var s = FileStatus.Of(current);
            if (s.Errno == 0 && s.Kind == FileKind.Directory && !user.CanSearch(s))
            {
                var fix = user.Groups.Contains(s.Gid) ? $"chmod g+x {Quote(current)}" : $"chgrp {_accounts!.GroupName(user.Gid)} {Quote(current)} && chmod g+x {Quote(current)}";
                Add(CheckRules.DirNotSearchable.Finding(null, $"{user.Name} cannot enter {current} (mode {Mode(s)}, owner {Owner(s)}): no file below it can be opened", fix));
                return;
            }

            if (i < parts.Length)
            {
                current = current == "/" ? "/" + parts[i] : current + "/" + parts[i];
            }
        }

        string[] reads = _isServer
            ? [TlsCredsFiles.CaCert, TlsCredsFiles.CaCrl, TlsCredsFiles.ServerCert, TlsCredsFiles.ServerKey, TlsCredsFiles.DhParams]
            : [TlsCredsFiles.CaCert, TlsCredsFiles.ClientCert, TlsCredsFiles.ClientKey];
        foreach (var name in reads.Where(entries.Contains))
        {
            var path = PathOf(name);
            var s = FileStatus.Of(path);
            if (s.Errno != 0 || s.Kind != FileKind.Regular)
            {
                continue;
            }

            var secret = IsSecretFile(name);
            if (!user.CanRead(s))
            {
                var group = _accounts!.GroupName(user.Gid);
                var fix = secret ? $"chown root:{group} {Quote(path)} && chmod 0640 {Quote(path)}" : $"chmod 0644 {Quote(path)}";
                Add(CheckRules.UnreadableByUser.Finding(name, $"{name} is not readable by {user.Name} (uid {user.Uid}): mode {Mode(s)}, owner {Owner(s)}", fix));
                continue;
            }

            if (secret && user.Uid != 0 && s.Uid != user.Uid && (s.Permissions & 0x20) != 0)
            {
                var others = _accounts!.MembersOf(s.Gid).Where(m => m != user.Name && m != "root").Order(StringComparer.Ordinal).ToList();
                if (others.Count > 0)
                {
                    Add(CheckRules.KeyGroupShared.Finding(name,
                        $"{name} is readable by group {_accounts.GroupName(s.Gid)}, which also has {string.Join(", ", others.Take(3))}{(others.Count > 3 ? $" and {others.Count - 3} more" : string.Empty)}",
                        $"chgrp {_accounts.GroupName(user.Gid)} {Quote(path)} (a group only {user.Name} is in)"));
                }
            }
        }
    }
}
