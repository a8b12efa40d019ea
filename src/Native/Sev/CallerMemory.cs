using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Launch;

namespace Qcrypto.Native.Sev;

/// <summary>
/// Guest memory as the emulator hands it over: <c>len</c> bytes at host address <c>mem</c>, which is guest
/// physical address <c>gpa</c> (QEMU's gpa2hva result). Addresses outside it fail with gpa2hva's words.
/// The secret is written to a scratch copy and reaches the caller's memory only at commit, so a refused
/// packet leaves the guest as it was.
/// </summary>
internal sealed unsafe class CallerMemory(ulong gpa, byte* mem, ulong size) : IGuestMemory
{
    public GuestRegion Map(ulong address, int length)
    {
        if (address < gpa || address - gpa >= size)
        {
            throw new SevException(SevErrorCodes.GuestAddress, $"No memory is mapped at address 0x{address:x}",
                hint: $"the memory given maps 0x{gpa:x}..0x{gpa + size - 1:x}");
        }

        if ((ulong)length > size - (address - gpa))
        {
            throw new SevException(SevErrorCodes.GuestAddress, $"Size of memory region at 0x{address:x} exceeded.");
        }

        return new Region(address, mem + (address - gpa), length);
    }

    private sealed class Region(ulong address, byte* target, int length) : GuestRegion(address)
    {
        private readonly byte[] _scratch = new ReadOnlySpan<byte>(target, length).ToArray();

        public override Span<byte> Span => _scratch;

        public override void Commit() => _scratch.CopyTo(new Span<byte>(target, length));

        public override void Dispose() => Array.Clear(_scratch);
    }
}
