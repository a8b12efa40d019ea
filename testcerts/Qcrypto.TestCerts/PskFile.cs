using System.Security.Cryptography;
using System.Text;

namespace Qcrypto.TestCerts;

/// <summary>
/// A keys.psk file in GnuTLS's format (what gnutls_psk_set_server_credentials_file and `psktool` use, and what
/// QEMU's tls-creds-psk reads): one "username:hexkey" per line. Besides good lines it can hold deliberately
/// broken ones, and be written with CRLF line endings, for tests of how loaders cope.
/// </summary>
public sealed class PskFile
{
    private readonly List<PskLine> _lines = [];

    /// <summary>The key QEMU's own tests write for user "qemu" (tests/unit/crypto-tls-psk-helpers.c).</summary>
    public const string QemuTestKeyHex = "009d5638c40fde0c";

    /// <summary>The lines in file order.</summary>
    public IReadOnlyList<PskLine> Lines => _lines;

    /// <summary>Whether lines end in "\r\n" instead of "\n" (QEMU's client lookup then keeps the '\r' in the key).</summary>
    public bool CrlfLineEndings { get; set; }

    /// <summary>A file with one random 32-byte key per user.</summary>
    public static PskFile WithRandomKeys(params IEnumerable<string> users)
    {
        var file = new PskFile();
        foreach (var user in users)
        {
            file.AddRandom(user);
        }

        return file;
    }

    /// <summary>Adds "user:hex(key)".</summary>
    public PskFile Add(string user, ReadOnlySpan<byte> key) => AddHex(user, Convert.ToHexStringLower(key));

    /// <summary>Adds "user:keyHex" with the key given as hex digits (lower case recommended; not checked).</summary>
    public PskFile AddHex(string user, string keyHex)
    {
        CheckUser(user);
        var kind = _lines.Any(l => l.User == user) ? PskLineKind.DuplicateUser : PskLineKind.Valid;
        return Append(new PskLine($"{user}:{keyHex}", user, keyHex, kind));
    }

    /// <summary>Adds a user with a fresh random key of <paramref name="keyBytes"/> bytes.</summary>
    public PskFile AddRandom(string user, int keyBytes = 32) => Add(user, RandomNumberGenerator.GetBytes(keyBytes));

    /// <summary>Adds a second, different key for a user who is already in the file.</summary>
    public PskFile AddDuplicate(string user)
    {
        if (!_lines.Any(l => l.User == user))
        {
            throw new InvalidOperationException($"user '{user}' has no earlier line to duplicate");
        }

        return AddRandom(user);
    }

    /// <summary>Adds "user:" followed by a key with non-hex characters.</summary>
    public PskFile AddNonHexKey(string user)
    {
        const string key = "00112233zz445566";
        return Append(new PskLine($"{user}:{key}", user, key, PskLineKind.NonHexKey));
    }

    /// <summary>Adds "user:" followed by an odd number of hex digits.</summary>
    public PskFile AddOddLengthKey(string user)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "a";
        return Append(new PskLine($"{user}:{key}", user, key, PskLineKind.OddLengthKey));
    }

    /// <summary>Adds "user" and a hex key run together with no ':' between them.</summary>
    public PskFile AddMissingColon(string user)
    {
        var text = user + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return Append(new PskLine(text, null, null, PskLineKind.MissingColon));
    }

    /// <summary>Adds "user:" with no key.</summary>
    public PskFile AddEmptyKey(string user) => Append(new PskLine(user + ":", user, "", PskLineKind.EmptyKey));

    /// <summary>Adds a line verbatim (it must not contain a line break).</summary>
    public PskFile AddRaw(string text)
    {
        if (text.Contains('\n') || text.Contains('\r'))
        {
            throw new ArgumentException("a line cannot contain a line break; use CrlfLineEndings for CRLF files", nameof(text));
        }

        return Append(new PskLine(text, null, null, PskLineKind.Raw));
    }

    /// <summary>The key of the first well-formed line for <paramref name="user"/>, or null.</summary>
    public string? KeyHexFor(string user) =>
        _lines.FirstOrDefault(l => l.User == user && l.Kind is PskLineKind.Valid)?.KeyHex;

    /// <summary>The file text: every line followed by the chosen line ending.</summary>
    public override string ToString()
    {
        var eol = CrlfLineEndings ? "\r\n" : "\n";
        var text = new StringBuilder();
        foreach (var line in _lines)
        {
            text.Append(line.Text).Append(eol);
        }

        return text.ToString();
    }

    /// <summary>The file bytes (UTF-8).</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());

    private PskFile Append(PskLine line)
    {
        _lines.Add(line);
        return this;
    }

    private static void CheckUser(string user)
    {
        if (user.Length == 0 || user.IndexOfAny([':', '\n', '\r']) >= 0)
        {
            throw new ArgumentException($"'{user}' cannot be a keys.psk username (empty, or has ':' or a line break)", nameof(user));
        }
    }
}
