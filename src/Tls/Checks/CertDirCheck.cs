using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

/// <summary>One run of the checker; owns every parsed certificate until disposed.</summary>
internal sealed partial class CertDirCheck : IDisposable
{
    private const int LargeFile = 1 << 20;

    private readonly CertDirCheckOptions _options;
    private readonly ObjectTypeCatalog _catalog;
    private readonly string _dir;
    private readonly DateTimeOffset _now;
    private readonly bool _isServer;
    private readonly List<CertDirFinding> _findings = [];
    private readonly List<CertDirFileSummary> _files = [];
    private readonly List<IDisposable> _owned = [];
    // Errors even when QEMU loads the directory: checks asked for, and what kills every session of a directory that loads.
    private readonly HashSet<string> _explicitCodes =
    [
        CheckRules.HostnameMismatch.Code, CheckRules.UnreadableByUser.Code, CheckRules.DirNotSearchable.Code, CheckRules.HandshakeImpossible.Code,
        TlsErrorCodes.Priority,
    ];
    private ObjectRegistry? _registry;
    private SecretBuffer? _password;
    private UnixUser? _user;
    private UserAccounts? _accounts;
    private List<X509Cert> _cas = [];
    private string _displayLine = string.Empty;
    private X509Cert? _leaf;
    private byte[]? _caBytes;
    private byte[]? _certBytes;
    private int _leafIndex;

    public CertDirCheck(CertDirCheckOptions options, ObjectTypeCatalog catalog)
    {
        _options = options;
        _catalog = catalog;
        _dir = options.Dir;
        _now = options.Now ?? DateTimeOffset.UtcNow;
        _isServer = options.Endpoint == TlsEndpoint.Server;
    }

    private string CertName => _isServer ? TlsCredsFiles.ServerCert : TlsCredsFiles.ClientCert;

    private string KeyName => _isServer ? TlsCredsFiles.ServerKey : TlsCredsFiles.ClientKey;

    private string EndpointName => _isServer ? "server" : "client";

    public CertDirReport Execute()
    {
        ValidateOptions();
        ValidateDirectory();
        if (_user is not null)
        {
            // With --user the permission audit was asked for: a key others can read is an error then.
            _explicitCodes.Add(CheckRules.KeyReadableByOthers.Code);
        }

        try
        {
            GnuTlsLibrary.EnsureInitialized();
        }
        catch (PlatformNotSupportedException e)
        {
            throw new CertDirCheckException(e.Message, "install libgnutls30", e);
        }

        _registry = new ObjectRegistry(_catalog, new ObjectRegistryOptions { AllowWorldReadableSecretFiles = _options.AllowWorldReadableSecrets });
        CreateUserObjects();
        var line = ObjectLineFor(_options.PasswordId);
        _displayLine = System.Text.RegularExpressions.Regex.Replace(line, "^tls-creds-x509,id=[^,]+,", "tls-creds-x509,id=tls0,");

        // The emulator's verdict, on its own thread: with no dh-params.pem a server object generates 2048-bit DH
        // parameters as QEMU 7.2 does, which takes a while; our own checks run meanwhile (they touch only files).
        var registry = _registry;
        var qemu = Task.Run(() =>
        {
            try
            {
                registry.Add(line);
                return null;
            }
            catch (QcryptoException e)
            {
                return e;
            }
        });

        try
        {
            OwnChecks();
        }
        finally
        {
            // Never leave the object creation running behind a failed check.
            qemu.Wait();
        }

        var error = qemu.Result;
        var findings = new List<CertDirFinding>();
        if (error is not null)
        {
            findings.Add(new CertDirFinding(FindingSeverity.Error, error.Code, FileIn(error.QemuMessage), error.QemuMessage,
                error.Fix ?? ExplainTable.FixFor(error.QemuMessage)) { QemuMessage = error.QemuMessage });
        }

        foreach (var f in _findings)
        {
            // QEMU's verdict decides whether the directory loads: content findings are errors only when QEMU refuses it.
            findings.Add(error is null && f.Severity == FindingSeverity.Error && !_explicitCodes.Contains(f.Code)
                ? f with { Severity = FindingSeverity.Warning, Message = f.Message + " (QEMU 7.2 loads the directory anyway)" }
                : f);
        }

        // Errors first (QEMU's own first of all), then warnings, each in the order the checks ran.
        var ordered = findings.OrderByDescending(f => f.Severity).ToList();
        return new CertDirReport(_options, DisplayLine(), error is null, ordered, _files);
    }

    public void Dispose()
    {
        _owned.ForEach(o => o.Dispose());
        _password?.Dispose();
        _registry?.Dispose();
    }

    private void ValidateOptions()
    {
        if (!_isServer && _options.Hostnames.Count > 0)
        {
            throw new CertDirCheckException(
                new Advice("{0} checks a server certificate against the names clients dial: use it with {1}",
                    CertDirActions.Option("Hostnames", "hostname"), CertDirActions.Option("Endpoint = Server", "endpoint", "server")),
                new Advice("check the server's directory: {0}", CertDirActions.Check("a check of the server's directory (SERVER-DIR) for the name clients dial",
                    ToolArgument.Positional("SERVER-DIR"), CertDirActions.Endpoint("server"), CertDirActions.Hostname())));
        }

        if (_options.WarnDays < 0)
        {
            throw new CertDirCheckException(new Advice("{0} must be 0 or more", CertDirActions.Option("WarnDays", "warn-days")));
        }

        if (_options.User is { } name)
        {
            _accounts = UserAccounts.Load(_options.EtcDirectory);
            _user = _accounts.Find(name) ?? throw new CertDirCheckException($"no user '{name}' in {_options.EtcDirectory}/passwd",
                "give the user QEMU runs as: qemu (Fedora/RHEL), libvirt-qemu (Debian/Ubuntu), or root");
        }
    }

    private void ValidateDirectory()
    {
        if (_dir.Length == 0)
        {
            throw new CertDirCheckException("the directory name is empty");
        }

        var status = FileStatus.Of(_dir);
        if (status.Errno != 0)
        {
            throw new CertDirCheckException($"cannot check {_dir}: {status.ErrorText}", "give the directory tls-creds-x509's dir= names");
        }

        if (status.Kind != FileKind.Directory)
        {
            throw new CertDirCheckException($"cannot check {_dir}: not a directory",
                "give the directory that holds ca-cert.pem etc. (QEMU's dir= is a directory, not a file)");
        }

        var errno = PosixFile.ListDirectory(_dir, out _);
        if (errno != 0)
        {
            throw new CertDirCheckException($"cannot list {_dir}: {PosixFile.StrError(errno)}",
                new Advice("run the check as a user that can read the directory (or as root with {0} to audit another user's access)",
                    CertDirActions.Option("User", "user", "NAME")));
        }
    }

    private void CreateUserObjects()
    {
        for (var i = 0; i < _options.ObjectLines.Count; i++)
        {
            try
            {
                _registry!.Add(_options.ObjectLines[i]);
            }
            catch (QcryptoException e)
            {
                throw new CertDirCheckException(new Advice("{0}: " + e.Message, CertDirActions.Option($"ObjectLines[{i}]", "object", $"#{i + 1}")), e.Fix, e);
            }
        }

        if (_options.PasswordId is not { } id)
        {
            return;
        }

        if (_registry!.Find(id) is null)
        {
            throw new CertDirCheckException(new Advice("{0}: no object with that id", CertDirActions.Option($"PasswordId ({id})", "passwordid", id)),
                new Advice("add {0}", CertDirActions.Option($"a secret with id {id} to ObjectLines", "object", $"secret,id={id},file=/path/to/password")));
        }

        try
        {
            // Our own copy for the key checks, NUL-terminated as QEMU hands it to GnuTLS.
            using var lease = _registry.Secrets.Utf8(id);
            _password = SecretBuffer.Allocate(lease.Length + 1);
            lease.Bytes.CopyTo(_password.WritableSpan);
        }
        catch (QcryptoException)
        {
            // The object creation reports it, with QEMU's words.
            _password = null;
        }
    }

    private string ObjectLineFor(string? passwordId)
    {
        var id = "certdir-check";
        for (var n = 2; _registry!.Find(id) is not null; n++)
        {
            id = $"certdir-check{n}";
        }

        var password = passwordId is null ? string.Empty : $",passwordid={passwordId.Replace(",", ",,", StringComparison.Ordinal)}";
        var priority = _options.Priority is null ? string.Empty : $",priority={_options.Priority.Replace(",", ",,", StringComparison.Ordinal)}";
        return $"tls-creds-x509,id={id},endpoint={EndpointName},dir={_dir.Replace(",", ",,", StringComparison.Ordinal)}," +
            $"verify-peer={(_options.VerifyPeer ? "on" : "off")},sanity-check=on{password}{priority}";
    }

    private string DisplayLine() => _displayLine;

    /// <summary>The directory's file a QEMU message is about (the one whose path appears first in it).</summary>
    private string? FileIn(string message)
    {
        string? best = null;
        var bestAt = int.MaxValue;
        foreach (var entry in SafeEntries())
        {
            var at = message.IndexOf($"{_dir}/{entry}", StringComparison.Ordinal);
            if (at >= 0 && (at < bestAt || (at == bestAt && entry.Length > best!.Length)))
            {
                (best, bestAt) = (entry, at);
            }
        }

        foreach (var known in new[] { TlsCredsFiles.CaCert, TlsCredsFiles.ServerCert, TlsCredsFiles.ServerKey, TlsCredsFiles.ClientCert, TlsCredsFiles.ClientKey })
        {
            var at = message.IndexOf($"{_dir}/{known}", StringComparison.Ordinal);
            if (best is null && at >= 0)
            {
                best = known;
            }
        }

        return best;
    }

    private IEnumerable<string> SafeEntries()
    {
        // Names as bytes (RawText): .NET's enumeration would turn a non-UTF-8 name into one that cannot be opened.
        _ = PosixFile.ListDirectory(_dir, out var names);
        return names.Order(StringComparer.Ordinal).ToList();
    }

    private string PathOf(string name) => $"{_dir}/{name}";

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private void Add(CertDirFinding finding) => _findings.Add(finding);

    private static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Mode(FileStatus s) => "0" + Convert.ToString(s.Permissions & 0x1FF, 8).PadLeft(3, '0');

    private string Owner(FileStatus s)
    {
        _accounts ??= UserAccounts.Load(_options.EtcDirectory);
        return $"{_accounts.UserName(s.Uid)}:{_accounts.GroupName(s.Gid)}";
    }

    private static string Quote(string path) => path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:@%".Contains(c)) ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

}
