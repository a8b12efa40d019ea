using System.Text;

namespace Qcrypto.Objects;

/// <summary>
/// Which unknown option QEMU 7.2 names in "Invalid parameter 'x'" when a line has several. Its options
/// visitor (qapi/opts-visitor.c) puts every option name of the line into a GLib GHashTable (line order,
/// "qom-type" where it stands, then "id"), removes each name as the QAPI members are visited in schema
/// order, and at the end names the first entry left in the table's slot order. That order is GLib 2.74's
/// (Debian 12): g_str_hash, index (hash * 11) % prime, quadratic probing, tombstones, and resizes on
/// insert and remove that rehash in place. <see cref="GHashTable"/> replays exactly those steps.
/// </summary>
internal static class UnknownOptionOrder
{
    /// <summary>The unknown name QEMU reports.</summary>
    /// <param name="namesInLineOrder">Distinct option names as first given, including "qom-type" and "id".</param>
    /// <param name="visited">The names the visitor consumed, in the order it consumed them.</param>
    public static string? FirstLeft(IEnumerable<string> namesInLineOrder, IEnumerable<string> visited)
    {
        var table = new GHashTable();
        foreach (var name in namesInLineOrder)
        {
            table.Insert(name);
        }

        foreach (var name in visited)
        {
            table.Remove(name);
        }

        return table.First();
    }

    /// <summary>A string set laid out as GLib 2.74's GHashTable lays it out (keys only; order is all we need).</summary>
    internal sealed class GHashTable
    {
        private const int MinShift = 3;
        private const uint Unused = 0;
        private const uint Tombstone = 1;

        private static readonly int[] PrimeMod =
        [
            1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287,
            1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399, 536870909, 1073741789, 2147483647,
        ];

        private uint[] _hashes = [];
        private string?[] _keys = [];
        private int _mod;
        private uint _mask;
        private int _nnodes;
        private int _noccupied;

        public GHashTable() => SetShift(MinShift, preserve: false);

        // The table's size (a power of two); the arrays may be longer while a shrinking resize runs.
        private int Size => (int)_mask + 1;

        public void Insert(string key)
        {
            var (index, hash) = Lookup(key);
            if (IsReal(_hashes[index]))
            {
                return;
            }

            var old = _hashes[index];
            _hashes[index] = hash;
            _keys[index] = key;
            _nnodes++;
            if (old == Unused)
            {
                _noccupied++;
                MaybeResize();
            }
        }

        public void Remove(string key)
        {
            var (index, _) = Lookup(key);
            if (!IsReal(_hashes[index]))
            {
                return;
            }

            _hashes[index] = Tombstone;
            _keys[index] = null;
            _nnodes--;
            MaybeResize();
        }

        /// <summary>Every key in slot order, as g_hash_table_iter_next returns them.</summary>
        public IEnumerable<string> Keys()
        {
            for (var i = 0; i < Size; i++)
            {
                if (IsReal(_hashes[i]))
                {
                    yield return _keys[i]!;
                }
            }
        }

        /// <summary>The first key in slot order (g_hash_table_iter_next), or null when empty.</summary>
        public string? First()
        {
            for (var i = 0; i < Size; i++)
            {
                if (IsReal(_hashes[i]))
                {
                    return _keys[i];
                }
            }

            return null;
        }

        /// <summary>g_str_hash: djb2 over the bytes taken as signed char.</summary>
        internal static uint StrHash(string key)
        {
            var h = 5381u;
            foreach (var b in Encoding.UTF8.GetBytes(key))
            {
                h = unchecked((h << 5) + h + (uint)(sbyte)b);
            }

            return h;
        }

        private static bool IsReal(uint hash) => hash >= 2;

        private uint ToIndex(uint hash) => unchecked(hash * 11) % (uint)_mod;

        /// <summary>g_hash_table_lookup_node: the key's slot, else the first tombstone seen, else the empty slot.</summary>
        private (uint Index, uint Hash) Lookup(string key)
        {
            var hash = StrHash(key);
            if (!IsReal(hash))
            {
                hash = 2;
            }

            var index = ToIndex(hash);
            uint? tombstone = null;
            var step = 0u;
            while (_hashes[index] != Unused)
            {
                if (_hashes[index] == hash && _keys[index] == key)
                {
                    return (index, hash);
                }

                if (_hashes[index] == Tombstone && tombstone is null)
                {
                    tombstone = index;
                }

                step++;
                index = (index + step) & _mask;
            }

            return (tombstone ?? index, hash);
        }

        private void MaybeResize()
        {
            if ((Size > _nnodes * 4 && Size > 1 << MinShift) || Size <= _noccupied + (_noccupied / 16))
            {
                Resize();
            }
        }

        /// <summary>g_hash_table_resize: new size from nnodes * 1.333, entries relocated in place by eviction.</summary>
        private void Resize()
        {
            var oldSize = Size;
            SetShiftFromSize((int)(_nnodes * 1.333));
            var relocated = new bool[_hashes.Length];
            for (var i = 0; i < oldSize; i++)
            {
                var hash = _hashes[i];
                if (!IsReal(hash))
                {
                    _hashes[i] = Unused;
                    continue;
                }

                if (relocated[i])
                {
                    continue;
                }

                _hashes[i] = Unused;
                var key = _keys[i];
                _keys[i] = null;
                while (true)
                {
                    var index = ToIndex(hash);
                    var step = 0u;
                    while (relocated[index])
                    {
                        step++;
                        index = (index + step) & _mask;
                    }

                    relocated[index] = true;
                    var replaced = _hashes[index];
                    _hashes[index] = hash;
                    (key, _keys[index]) = (_keys[index], key);
                    if (!IsReal(replaced))
                    {
                        break;
                    }

                    hash = replaced;
                }
            }

            if (Size < oldSize)
            {
                Array.Resize(ref _hashes, Size);
                Array.Resize(ref _keys, Size);
            }

            _noccupied = _nnodes;
        }

        private void SetShiftFromSize(int size)
        {
            var shift = 0;
            for (; size != 0; shift++)
            {
                size >>= 1;
            }

            SetShift(Math.Max(shift, MinShift), preserve: true);
        }

        private void SetShift(int shift, bool preserve)
        {
            var size = 1 << shift;
            _mod = PrimeMod[shift];
            _mask = (uint)size - 1;
            if (!preserve)
            {
                _hashes = new uint[size];
                _keys = new string?[size];
            }
            else if (size > _hashes.Length)
            {
                // Grown arrays are zeroed beyond the old size (realloc_arrays + memset).
                Array.Resize(ref _hashes, size);
                Array.Resize(ref _keys, size);
            }
        }
    }
}
