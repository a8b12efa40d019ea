using Microsoft.Win32.SafeHandles;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Rng;

/// <summary>rng-random (backends/rng-random.c): reads a host file or device, /dev/urandom by default, opened at completion.</summary>
public sealed class RngRandom : RngBackend
{
    private SafeFileHandle? _file;
    private long _offset;

    private RngRandom(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(RngSchemas.Random, (type, id) => new RngRandom(type, id));

    public string Filename { get; private set; } = "/dev/urandom";

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        if (property.Name == "filename")
        {
            Filename = value.Text;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        try
        {
            _file = File.OpenHandle(Filename, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ObjectException(RngErrorCodes.Open, $"Could not open '{Filename}': {Strerror(e)}", Id, "filename",
                "filename names a readable file or device, e.g. /dev/urandom or /dev/hwrng", e);
        }
    }

    protected override void Fill(Span<byte> buffer)
    {
        var file = _file ?? throw new ObjectDisposedException(Id);
        while (!buffer.IsEmpty)
        {
            int n;
            try
            {
                n = RandomAccess.Read(file, buffer, _offset);
            }
            catch (IOException e)
            {
                throw new ObjectException(RngErrorCodes.Read, $"rng-random: cannot read '{Filename}': {Strerror(e)}", Id, "filename", inner: e);
            }

            if (n == 0)
            {
                // QEMU's rng-random waits for more (a device); a regular file that ran out has nothing more to give.
                throw new ObjectException(RngErrorCodes.Read, $"rng-random: '{Filename}' ran out of data", Id, "filename",
                    "a regular file holds a finite amount of entropy: use a device such as /dev/urandom");
            }

            _offset += n;
            buffer = buffer[n..];
        }
    }

    protected override void OnDispose() => _file?.Dispose();

    /// <summary>strerror's words for a file error (the runtime's message is a resource key under NativeAOT).</summary>
    private static string Strerror(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        ArgumentException => "No such file or directory",
        IOException { HResult: > 0 and < 4096 } => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.HResult),
        _ => "Input/output error",
    };
}
