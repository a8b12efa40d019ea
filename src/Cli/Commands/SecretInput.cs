using System.Security.Cryptography;
using Qcrypto.Keys;
using Qcrypto.Posix;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Commands;

/// <summary>Where <c>secret encrypt</c> takes its plaintext from: --data, --in FILE, stdin, or a prompt.</summary>
internal static class SecretInput
{
    public static SecretBuffer Read(string? data, string? inPath, bool allowWorldReadable)
    {
        if (data is not null && inPath is not null)
        {
            throw new UsageException("--data and --in are mutually exclusive");
        }

        if (data is not null)
        {
            // The argument's own bytes (RawArgs): a Latin-1 password stays Latin-1, as QEMU's data= does.
            var bytes = SecretBuffer.Allocate(RawText.GetByteCount(data));
            RawText.GetBytes(data, bytes.WritableSpan);
            return bytes;
        }

        if (inPath is not null && inPath != "-")
        {
            var full = PosixFile.FullPath(inPath);
            try
            {
                return SecretFile.Read(full, status =>
                {
                    if (!allowWorldReadable && SecretFile.IsReadableByOthers(status))
                    {
                        // Encrypting it is the cure, so warn rather than refuse.
                        Diagnostics.Warning($"{full} is readable by other users: the plaintext is exposed until you delete it", $"chmod o-rwx {full}");
                    }
                });
            }
            catch (Errors.SecretException e)
            {
                throw new UsageException($"--in: {e.QemuMessage}", e.Hint);
            }
        }

        if (inPath is null && !Console.IsInputRedirected)
        {
            return Prompt();
        }

        try
        {
            // stdin as glib reads a file: a pipe stops at GlibFile.MaxLength instead of filling memory.
            return Objects.GlibFile.ReadSecret(0, "stdin");
        }
        catch (Objects.GlibFileException e)
        {
            throw new UsageException($"--in -: {e.Message}", e.Hint);
        }
    }

    /// <summary>Reads the secret twice from the terminal without echo.</summary>
    private static SecretBuffer Prompt()
    {
        var first = PromptOnce("Secret: ");
        var second = PromptOnce("Again: ");
        try
        {
            if (!Qcrypto.Primitives.ConstantTime.Equals(first.Span, second.Span))
            {
                throw new UsageException("the two entries differ");
            }

            (var result, first) = (first, null!);
            return result;
        }
        finally
        {
            first?.Dispose();
            second.Dispose();
        }
    }

    private static SecretBuffer PromptOnce(string label)
    {
        Std.Err.Write(label);
        var chars = GC.AllocateArray<char>(1024, pinned: true);
        var count = 0;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    count = Math.Max(0, count - 1);
                    continue;
                }

                if (count == chars.Length)
                {
                    throw new UsageException("the secret is too long to type; use --in FILE");
                }

                chars[count++] = key.KeyChar;
            }

            Std.Err.WriteLine();
            var bytes = SecretBuffer.Allocate(System.Text.Encoding.UTF8.GetByteCount(chars.AsSpan(0, count)));
            System.Text.Encoding.UTF8.GetBytes(chars.AsSpan(0, count), bytes.WritableSpan);
            return bytes;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars.AsSpan()));
        }
    }
}
