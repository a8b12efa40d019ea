using Qcrypto.Posix;

namespace Qcrypto.Tls.Checks;

/// <summary>A user as the kernel sees it for permission checks: uid, primary gid, all group ids.</summary>
public sealed record UnixUser(string Name, uint Uid, uint Gid, IReadOnlySet<uint> Groups)
{
    /// <summary>Whether this user may open a file with <paramref name="status"/> for reading (mode bits only; root always may).</summary>
    public bool CanRead(FileStatus status) => Allows(status, 4);

    /// <summary>Whether this user may search (enter) a directory with <paramref name="status"/>.</summary>
    public bool CanSearch(FileStatus status) => Allows(status, 1);

    private bool Allows(FileStatus status, uint bit)
    {
        if (Uid == 0)
        {
            // CAP_DAC_OVERRIDE: root reads anything, and searches any directory.
            return true;
        }

        // Like the kernel: the owner class decides for the owner, the group class for members, "other" for the rest.
        var shift = status.Uid == Uid ? 6 : Groups.Contains(status.Gid) ? 3 : 0;
        return ((status.Permissions >> shift) & bit) != 0;
    }
}

/// <summary>Users and groups from /etc/passwd and /etc/group (local accounts; NSS sources such as LDAP are not consulted).</summary>
public sealed class UserAccounts
{
    private readonly List<(string Name, uint Uid, uint Gid)> _users = [];
    private readonly List<(string Name, uint Gid, string[] Members)> _groups = [];

    private UserAccounts()
    {
    }

    public static UserAccounts Load(string etc = "/etc")
    {
        var accounts = new UserAccounts();
        foreach (var line in ReadLines(Path.Combine(etc, "passwd")))
        {
            var f = line.Split(':');
            if (f.Length >= 4 && uint.TryParse(f[2], out var uid) && uint.TryParse(f[3], out var gid))
            {
                accounts._users.Add((f[0], uid, gid));
            }
        }

        foreach (var line in ReadLines(Path.Combine(etc, "group")))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && uint.TryParse(f[2], out var gid))
            {
                accounts._groups.Add((f[0], gid, f.Length >= 4 ? f[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : []));
            }
        }

        return accounts;
    }

    /// <summary>The user named <paramref name="name"/> (or a numeric uid), or null.</summary>
    public UnixUser? Find(string name)
    {
        var user = _users.FirstOrDefault(u => u.Name == name);
        if (user.Name is null && uint.TryParse(name, out var uid))
        {
            user = _users.FirstOrDefault(u => u.Uid == uid);
        }

        if (user.Name is null)
        {
            return null;
        }

        var groups = new HashSet<uint> { user.Gid };
        foreach (var g in _groups.Where(g => g.Members.Contains(user.Name)))
        {
            groups.Add(g.Gid);
        }

        return new UnixUser(user.Name, user.Uid, user.Gid, groups);
    }

    /// <summary>The name of a uid, or the number.</summary>
    public string UserName(uint uid) => _users.FirstOrDefault(u => u.Uid == uid).Name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The name of a gid, or the number.</summary>
    public string GroupName(uint gid) => _groups.FirstOrDefault(g => g.Gid == gid).Name ?? gid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every user (by name) in group <paramref name="gid"/>: members listed in /etc/group and users whose primary group it is.</summary>
    public IReadOnlySet<string> MembersOf(uint gid)
    {
        var members = new HashSet<string>(_users.Where(u => u.Gid == gid).Select(u => u.Name));
        foreach (var g in _groups.Where(g => g.Gid == gid))
        {
            members.UnionWith(g.Members);
        }

        return members;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#');
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
