using System.CommandLine;
using System.Security.Cryptography;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Primitives;

namespace Qcrypto.Cli.Commands;

/// <summary><c>qcrypto secret new-key [--out FILE]</c>: 32 random bytes, base64, written with mode 0600.</summary>
internal static class SecretNewKeyCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out", "-o") { HelpName = "FILE", Description = "write the key to FILE (mode 0600) instead of stdout" };
        var force = new Option<bool>("--force") { Description = "overwrite FILE if it exists" };
        var id = new Option<string?>("--id") { HelpName = "ID", Description = "also print the -object line that loads the key under this id" };
        var pkcs11 = new Option<string?>("--pkcs11")
        {
            HelpName = "URI",
            Description = "instead: generate an AES-256 key inside a PKCS#11 token (sensitive, never extractable; beyond QEMU: for secret-pkcs11), "
                + "'pkcs11:token=T;object=O?module-path=SO&pin-source=file:PINFILE'; --force replaces an object of that label",
        };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("new-key", "Make a master key: 32 random bytes, base64-encoded (what QEMU's keyid secrets need), or an AES-256 key in a PKCS#11 token")
        {
            output, force, id, pkcs11, allow, json,
        };
        command.SetAction(r => r.GetValue(pkcs11) is { } uri
            ? Pkcs11NewKey.Run(uri, r.GetValue(output), r.GetValue(force), r.GetValue(id), r.GetValue(allow), r.GetValue(json))
            : Run(r.GetValue(output), r.GetValue(force), r.GetValue(id), r.GetValue(json)));
        return command;
    }

    private static int Run(string? path, bool force, string? id, bool json)
    {
        if (id is not null && !Identifier.IsWellFormed(id))
        {
            throw new UsageException($"--id '{id}' is not a valid object id", Identifier.Hint);
        }

        var key = GC.AllocateArray<byte>(32, pinned: true);
        var text = GC.AllocateArray<byte>(45, pinned: true);
        try
        {
            KernelRandom.Fill(key);
            System.Buffers.Text.Base64.EncodeToUtf8(key, text, out _, out var written);
            text[written] = (byte)'\n';
            var encoded = text.AsSpan(0, written + 1);

            if (path is null)
            {
                if (json)
                {
                    throw new UsageException("--json never prints key material: give --out FILE", "qcrypto secret new-key --out master.key --json");
                }

                if (!Console.IsOutputRedirected)
                {
                    Diagnostics.Warning("printing a master key to the terminal; prefer --out FILE");
                }

                var stdout = Std.OutStream;
                stdout.Write(encoded);
                return ExitCodes.Ok;
            }

            var full = PosixFile.FullPath(path);
            WriteKeyFile(full, encoded, force);
            var line = id is null ? null : $"secret,id={id},format=base64,file={ObjectLineWriter.Escape(full)}";
            if (json)
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("file", full);
                    w.WriteString("format", "base64");
                    w.WriteNumber("key_bytes", 32);
                    w.WriteString("mode", "0600");
                    JsonOutput.WriteOptional(w, "object", line);
                    w.WriteEndObject();
                });
            }
            else
            {
                Std.Err.WriteLine($"wrote a 32-byte AES-256 master key (base64) to {full} (mode 0600)");
                if (line is not null)
                {
                    Std.Out.WriteLine(line);
                }
            }

            return ExitCodes.Ok;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(text);
        }
    }

    private static void WriteKeyFile(string path, ReadOnlySpan<byte> content, bool force)
    {
        // A dangling symlink counts as existing (it would be followed).
        if (!force && PosixFile.Exists(path))
        {
            throw new UsageException($"{path} already exists; not overwriting a key", "use --force to replace it (anything encrypted with the old key is then lost)");
        }

        // Created 0600, exclusively unless --force (a file made in between is not replaced); an existing
        // file keeps its old mode on truncation, so the mode is set again on the open file.
        CliFiles.Write(path, content, CliFiles.PrivateFile, exclusive: !force, finalMode: CliFiles.PrivateFile, sync: true);
    }
}
