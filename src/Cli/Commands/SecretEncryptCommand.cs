using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Qcrypto.Primitives;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto secret encrypt</c>: AES-256-CBC encrypts a secret under a master key with a fresh IV and
/// prints the ready <c>-object secret</c> line. Before printing, the line is proven: it is decrypted
/// (<see cref="SecretLineProof"/>) with the master key loaded the way QEMU will load it.
/// </summary>
internal static class SecretEncryptCommand
{
    public static Command Create()
    {
        var keyFile = new Option<string?>("--key-file") { HelpName = "FILE", Description = "master key file (from 'secret new-key': base64 of 32 bytes; 32 raw bytes also work)" };
        var keyUri = new Option<string?>("--key-uri")
        {
            HelpName = "URI",
            Description = "instead of --key-file: a master key in a PKCS#11 token (beyond QEMU: secret-pkcs11), "
                + "'pkcs11:token=T;object=O?module-path=SO&pin-source=file:PINFILE'; prints the secret-pkcs11 line (and its PIN secret's) before the secret's",
        };
        var keyId = new Option<string>("--key-id") { HelpName = "ID", Description = "id the master key secret has on the emulator's command line", Required = true };
        var id = new Option<string>("--id") { HelpName = "ID", Description = "id of the secret object to print", Required = true };
        var input = new Option<string?>("--in") { HelpName = "FILE|-", Description = "read the plaintext from FILE, or - for stdin (default: stdin, or a prompt on a terminal)" };
        var data = new Option<string?>("--data") { HelpName = "TEXT", Description = "the plaintext on the command line (visible in ps: prefer --in)" };
        var stripNewline = new Option<bool>("--strip-newline") { Description = "drop one trailing newline from the plaintext (as echo adds)" };
        var withMaster = new Option<bool>("--with-master") { Description = "print the master key's -object line first" };
        var output = new Option<string?>("--out", "-o") { HelpName = "FILE", Description = "write the base64 ciphertext to FILE and print a file= line (for secrets too big for a command line)" };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("encrypt", "Encrypt a secret for QEMU's -object secret,keyid=...,iv=... and print the ready line")
        {
            keyFile, keyUri, keyId, id, input, data, stripNewline, withMaster, output, allow, json,
        };
        command.SetAction(r => Run(new Request(
            r.GetValue(keyFile), r.GetValue(keyUri), r.GetValue(keyId)!, r.GetValue(id)!, r.GetValue(input), r.GetValue(data),
            r.GetValue(stripNewline), r.GetValue(withMaster), r.GetValue(output), r.GetValue(allow), r.GetValue(json))));
        return command;
    }

    private sealed record Request(string? KeyFile, string? KeyUri, string KeyId, string Id, string? In, string? Data, bool StripNewline, bool WithMaster, string? Out, bool AllowWorldReadable, bool Json);

    private static int Run(Request request)
    {
        foreach (var (name, value) in new[] { ("--id", request.Id), ("--key-id", request.KeyId) })
        {
            if (!Identifier.IsWellFormed(value))
            {
                throw new UsageException($"{name} '{value}' is not a valid object id", Identifier.Hint);
            }
        }

        if (request.Id == request.KeyId)
        {
            throw new UsageException("--id and --key-id must differ: a secret cannot be decrypted with itself");
        }

        if ((request.KeyFile is null) == (request.KeyUri is null))
        {
            throw new UsageException("give the master key with --key-file FILE or --key-uri URI (one of them)");
        }

        if (request.KeyUri is not null && request.Id == KeyUri.PinSecretId(request.KeyId))
        {
            throw new UsageException($"--id '{request.Id}' is the id of the PIN secret of --key-id '{request.KeyId}': choose another");
        }

        using var master = MasterKeySource.Load(request.KeyFile, request.KeyUri, request.KeyId, request.AllowWorldReadable);
        using var plaintext = SecretInput.Read(request.Data, request.In, request.AllowWorldReadable);
        var warnings = new List<ObjectWarning>();
        if (plaintext.Length > 0 && plaintext.Span[^1] == '\n')
        {
            // --strip-newline strips whatever the bytes; the warning is for text only (not binary ending in 0x0a).
            if (request.StripNewline)
            {
                plaintext.Truncate(plaintext.Length - (plaintext.Length > 1 && plaintext.Span[^2] == '\r' ? 2 : 1));
            }
            else if (SecretText.EndsWithTextNewline(plaintext.Span))
            {
                warnings.Add(new ObjectWarning("secret-trailing-newline",
                    "the plaintext ends with a newline, which becomes part of the secret",
                    "use printf '%s' instead of echo, or pass --strip-newline"));
            }
        }

        Span<byte> iv = stackalloc byte[SecretCipher.IvLength];
        KernelRandom.Fill(iv);
        var ciphertext = master.Encrypt(iv, plaintext.Span);
        var ivText = Convert.ToBase64String(iv);
        var masterLine = master.ObjectLine;
        string? fileLine = null;
        InlineSecretLine? inline = null;
        if (request.Out is not null)
        {
            // Ciphertext is not key material: an ordinary file mode is fine.
            var path = PosixFile.FullPath(request.Out);
            var encoded = new byte[System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(ciphertext.Length) + 1];
            System.Buffers.Text.Base64.EncodeToUtf8(ciphertext, encoded, out _, out _);
            encoded[^1] = (byte)'\n';
            CliFiles.Write(path, encoded, CliFiles.OrdinaryFile, exclusive: false);

            fileLine = $"secret,id={request.Id},file={ObjectLineWriter.Escape(path)},keyid={request.KeyId},iv={ivText},format=base64";
            SecretLineProof.Prove(master.CheckLines, fileLine, request.Id, plaintext.Span);
        }
        else
        {
            inline = InlineSecretLine.Create(request.Id, request.KeyId, ivText, ciphertext);
            SecretLineProof.Prove(master, request.Id, inline, iv, plaintext.Span);
        }

        warnings.AddRange(master.Warnings);
        foreach (var w in warnings)
        {
            Diagnostics.Warning(w.Message, w.Hint);
        }

        if (request.Json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", request.Id);
                w.WriteString("keyid", request.KeyId);
                w.WriteString("format", "base64");
                w.WriteString("iv", ivText);
                if (inline is not null)
                {
                    w.WriteString("data", inline.Data);
                    w.WriteString("object", inline.Bytes);
                }
                else
                {
                    w.WriteString("file", PosixFile.FullPath(request.Out!));
                    w.WriteString("object", fileLine);
                }

                w.WriteString("master_object", masterLine);
                master.WriteJson(w);
                w.WritePropertyName("qmp");
                WriteQmp(w, request, inline, ivText);
                w.WriteNumber("plaintext_bytes", plaintext.Length);
                w.WriteBoolean("verified", true);
                JsonOutput.WriteWarnings(w, warnings);
                w.WriteEndObject();
            });
        }
        else
        {
            if (request.WithMaster || master.AlwaysPrinted)
            {
                foreach (var l in master.PrintedLines)
                {
                    Std.Out.WriteLine(l);
                }
            }

            if (inline is not null)
            {
                // The line's own ASCII bytes: 1.4 MB for a 1 MiB secret, not worth a text round trip.
                Std.OutStream.Write(inline.Bytes);
                Std.OutStream.Write("\n"u8);
            }
            else
            {
                Std.Out.WriteLine(fileLine);
            }
        }

        return ExitCodes.Ok;
    }

    private static void WriteQmp(Utf8JsonWriter w, Request request, InlineSecretLine? inline, string iv)
    {
        w.WriteStartObject();
        w.WriteString("execute", "object-add");
        w.WriteStartObject("arguments");
        w.WriteString("qom-type", "secret");
        w.WriteString("id", request.Id);
        if (inline is not null)
        {
            w.WriteString("data", inline.Data);
        }
        else
        {
            w.WriteString("file", PosixFile.FullPath(request.Out!));
        }

        w.WriteString("keyid", request.KeyId);
        w.WriteString("iv", iv);
        w.WriteString("format", "base64");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
