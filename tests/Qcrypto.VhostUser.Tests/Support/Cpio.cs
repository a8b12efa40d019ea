using System.Text;

namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>A "newc" cpio archive, the format the kernel unpacks as an initramfs (no compression needed).</summary>
public sealed class Cpio
{
    private readonly MemoryStream _out = new();
    private int _inode = 1;

    public void Directory(string name) => Entry(name, 0x41ED, []);

    public void File(string name, byte[] data, bool executable = false) => Entry(name, executable ? 0x81ED : 0x81A4, data);

    public byte[] Finish()
    {
        Entry("TRAILER!!!", 0, []);
        while (_out.Length % 512 != 0)
        {
            _out.WriteByte(0);
        }

        return _out.ToArray();
    }

    private void Entry(string name, int mode, byte[] data)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        var header = new StringBuilder("070701");
        foreach (var field in new[] { _inode++, mode, 0, 0, 1, 0, data.Length, 0, 0, 0, 0, nameBytes.Length, 0 })
        {
            header.Append(field.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
        }

        _out.Write(Encoding.ASCII.GetBytes(header.ToString()));
        _out.Write(nameBytes);
        Pad();
        _out.Write(data);
        Pad();
    }

    private void Pad()
    {
        while (_out.Length % 4 != 0)
        {
            _out.WriteByte(0);
        }
    }
}
