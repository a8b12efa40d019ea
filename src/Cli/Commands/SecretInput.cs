using System.Security.Cryptography;
using Qcrypto.Keys;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Commands;

/// <summary>Where <c>secret encrypt</c> takes its plaintext from: --data, --in FILE, stdin, or a prompt.</summary>
public static class SecretInput
{
    public static SecretBuffer Read(string? data, string? inPath, bool allowWorldReadable)
    {
        if (data is not null && inPath is not null)
        {
            throw new UsageException("--data and --in are mutually exclusive");
        }

        if (data is not null)
        {
            return SecretBuffer.CopyOf(System.Text.Encoding.UTF8.GetBytes(data));
        }

        if (inPath is not null && inPath != "-")
        {
            var full = Path.GetFullPath(inPath);
            if (!allowWorldReadable && File.Exists(full) && SecretFile.IsReadableByOthers(full, out _))
            {
                // Encrypting it is the cure, so warn rather than refuse.
                Diagnostics.Warning($"{full} is readable by other users: the plaintext is exposed until you delete it", $"chmod o-rwx {full}");
            }

            try
            {
                return SecretFile.Read(full, refuseWorldReadable: false);
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

        var stdin = Std.InStream;
        return ReadStream(stdin);
    }

    private static SecretBuffer ReadStream(Stream stream)
    {
        var buffer = SecretBuffer.Allocate(4096);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var bigger = SecretBuffer.Allocate(buffer.Length * 2);
                buffer.Span.CopyTo(bigger.WritableSpan);
                buffer.Dispose();
                buffer = bigger;
            }

            var n = stream.Read(buffer.WritableSpan[length..]);
            if (n == 0)
            {
                buffer.Truncate(length);
                return buffer;
            }

            length += n;
        }
    }

    /// <summary>Reads the secret twice from the terminal without echo.</summary>
    private static SecretBuffer Prompt()
    {
        var first = PromptOnce("Secret: ");
        var second = PromptOnce("Again: ");
        try
        {
            if (!Qcrypto.Crypto.ConstantTime.Equals(first.Span, second.Span))
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
