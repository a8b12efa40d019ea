using System.Text;
using System.Text.Json;

namespace Qcrypto.Cryptodev.Tests.Support;

/// <summary>
/// OpenSSL through python3-cryptography, for what the openssl command line cannot do: `openssl enc`
/// refuses AEAD ciphers ("AEAD ciphers not supported") and XTS ("XTS ciphers not supported"). One
/// python process per batch of operations (JSON in, JSON out).
/// </summary>
public static class PyOpenssl
{
    private const string Script = """
import sys, json
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESCCM, ChaCha20Poly1305
from cryptography.exceptions import InvalidTag
out = []
for op in json.load(sys.stdin):
    h = lambda k: bytes.fromhex(op[k])
    kind = op["kind"]
    try:
        if kind == "xts":
            c = Cipher(algorithms.AES(h("key")), modes.XTS(h("iv")))
            x = c.encryptor() if op["encrypt"] else c.decryptor()
            out.append((x.update(h("data")) + x.finalize()).hex())
        else:
            tag = op["tag"]
            if kind == "gcm":
                a = AESGCM(h("key"))
            elif kind == "ccm":
                a = AESCCM(h("key"), tag_length=tag)
            else:
                a = ChaCha20Poly1305(h("key"))
            aad = h("aad") if op["aad"] else None
            if op["encrypt"]:
                ct = a.encrypt(h("iv"), h("data"), aad)
                if kind == "gcm" and tag != 16:
                    ct = ct[:len(ct) - 16] + ct[len(ct) - 16:][:tag]
                out.append(ct.hex())
            else:
                out.append(a.decrypt(h("iv"), h("data"), aad).hex())
    except InvalidTag:
        out.append("BADMSG")
json.dump(out, sys.stdout)
""";

    public sealed record Op(string Kind, bool Encrypt, byte[] Key, byte[] Iv, byte[] Data, byte[] Aad, int Tag = 16);

    /// <summary>Runs every operation; an entry is the output, or null for "BADMSG" (tag mismatch).</summary>
    public static byte[]?[] Run(IReadOnlyList<Op> ops)
    {
        // Debian's interpreter, where the python3-cryptography package installs (not a pyenv or venv one).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Tool.Require("python3", "python3");
        var check = Tool.RunBytes(python, ["-c", "import cryptography"], allowFailure: true);
        if (check.ExitCode != 0)
        {
            Assert.Fail("python3-cryptography is not installed: install the Debian package python3-cryptography (apt-get install python3-cryptography)");
        }

        var json = JsonSerializer.Serialize(ops.Select(o => new Dictionary<string, object>
        {
            ["kind"] = o.Kind,
            ["encrypt"] = o.Encrypt,
            ["key"] = Convert.ToHexString(o.Key),
            ["iv"] = Convert.ToHexString(o.Iv),
            ["data"] = Convert.ToHexString(o.Data),
            ["aad"] = Convert.ToHexString(o.Aad),
            ["tag"] = o.Tag,
        }));
        var result = Tool.RunBytes(python, ["-c", Script], Encoding.UTF8.GetBytes(json));
        var outputs = JsonSerializer.Deserialize<string?[]>(result.Stdout)!;
        Assert.Equal(ops.Count, outputs.Length);
        return [.. outputs.Select(o => o is null or "BADMSG" ? null : Convert.FromHexString(o))];
    }
}
