using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNotebooks.Data;

/// <summary>
/// MD5 of sixteen independent streams at once, one per 32-bit lane of an AVX-512 register (the multi-buffer technique
/// of minio's md5-simd): MD5 is serial within a file, so a single file cannot go faster than one core's scalar MD5,
/// but sixteen files hashed side by side cost about what one does. The scalar <see cref="Compress"/> finishes each
/// stream's last block and its padding.
/// </summary>
internal static class Md5Lanes
{
    /// <summary>Sixteen streams, as many as 32-bit lanes in a 512-bit register.</summary>
    public const int Width = 16;

    /// <summary>MD5's initial state (a, b, c, d).</summary>
    public static readonly uint[] Initial = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

    private static readonly uint[] K =
    [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ];

    private static readonly int[] S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

    /// <summary>True where the CPU has AVX-512 (and AVX2's gather); elsewhere files are hashed one per core.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx2.IsSupported;

    /// <summary>
    /// Runs <paramref name="blocks"/> 64-byte blocks of each lane through the state (<paramref name="state"/>: a, b, c, d, one
    /// lane per stream). Lane <c>i</c> reads from <c>data + offsets[i]</c> onward; a lane with no stream may read any
    /// readable bytes, its state is simply not used.
    /// </summary>
    public static unsafe void Blocks(Span<Vector512<uint>> state, byte* data, Vector512<int> offsets, int blocks)
    {
        var (a0, b0, c0, d0) = (state[0], state[1], state[2], state[3]);
        var lo = offsets.GetLower();
        var hi = offsets.GetUpper();
        var m = stackalloc Vector512<uint>[16];
        var step = Vector256.Create(4);
        for (var n = 0; n < blocks; n++)
        {
            var (l, h) = (lo, hi);
            for (var j = 0; j < 16; j++)
            {
                m[j] = Vector512.Create(Avx2.GatherVector256((int*)data, l, 1), Avx2.GatherVector256((int*)data, h, 1)).AsUInt32();
                l += step;
                h += step;
            }
            var (a, b, c, d) = (a0, b0, c0, d0);
            // Round 1: F = b ? c : d (ternary-logic table 0xCA), message words in order.
            for (var i = 0; i < 16; i += 4)
            {
                a = b + Avx512F.RotateLeft(a + Avx512F.TernaryLogic(b, c, d, 0xCA) + m[i] + Vector512.Create(K[i]), 7);
                d = a + Avx512F.RotateLeft(d + Avx512F.TernaryLogic(a, b, c, 0xCA) + m[i + 1] + Vector512.Create(K[i + 1]), 12);
                c = d + Avx512F.RotateLeft(c + Avx512F.TernaryLogic(d, a, b, 0xCA) + m[i + 2] + Vector512.Create(K[i + 2]), 17);
                b = c + Avx512F.RotateLeft(b + Avx512F.TernaryLogic(c, d, a, 0xCA) + m[i + 3] + Vector512.Create(K[i + 3]), 22);
            }
            // Round 2: G = d ? b : c (0xE4), words (1 + 5i) mod 16.
            for (var i = 16; i < 32; i += 4)
            {
                a = b + Avx512F.RotateLeft(a + Avx512F.TernaryLogic(b, c, d, 0xE4) + m[(5 * i + 1) & 15] + Vector512.Create(K[i]), 5);
                d = a + Avx512F.RotateLeft(d + Avx512F.TernaryLogic(a, b, c, 0xE4) + m[(5 * i + 6) & 15] + Vector512.Create(K[i + 1]), 9);
                c = d + Avx512F.RotateLeft(c + Avx512F.TernaryLogic(d, a, b, 0xE4) + m[(5 * i + 11) & 15] + Vector512.Create(K[i + 2]), 14);
                b = c + Avx512F.RotateLeft(b + Avx512F.TernaryLogic(c, d, a, 0xE4) + m[(5 * i + 16) & 15] + Vector512.Create(K[i + 3]), 20);
            }
            // Round 3: H = b ^ c ^ d (0x96), words (5 + 3i) mod 16.
            for (var i = 32; i < 48; i += 4)
            {
                a = b + Avx512F.RotateLeft(a + Avx512F.TernaryLogic(b, c, d, 0x96) + m[(3 * i + 5) & 15] + Vector512.Create(K[i]), 4);
                d = a + Avx512F.RotateLeft(d + Avx512F.TernaryLogic(a, b, c, 0x96) + m[(3 * i + 8) & 15] + Vector512.Create(K[i + 1]), 11);
                c = d + Avx512F.RotateLeft(c + Avx512F.TernaryLogic(d, a, b, 0x96) + m[(3 * i + 11) & 15] + Vector512.Create(K[i + 2]), 16);
                b = c + Avx512F.RotateLeft(b + Avx512F.TernaryLogic(c, d, a, 0x96) + m[(3 * i + 14) & 15] + Vector512.Create(K[i + 3]), 23);
            }
            // Round 4: I = c ^ (b | ~d) (0x39), words 7i mod 16.
            for (var i = 48; i < 64; i += 4)
            {
                a = b + Avx512F.RotateLeft(a + Avx512F.TernaryLogic(b, c, d, 0x39) + m[(7 * i) & 15] + Vector512.Create(K[i]), 6);
                d = a + Avx512F.RotateLeft(d + Avx512F.TernaryLogic(a, b, c, 0x39) + m[(7 * i + 7) & 15] + Vector512.Create(K[i + 1]), 10);
                c = d + Avx512F.RotateLeft(c + Avx512F.TernaryLogic(d, a, b, 0x39) + m[(7 * i + 14) & 15] + Vector512.Create(K[i + 2]), 15);
                b = c + Avx512F.RotateLeft(b + Avx512F.TernaryLogic(c, d, a, 0x39) + m[(7 * i + 21) & 15] + Vector512.Create(K[i + 3]), 21);
            }
            (a0, b0, c0, d0) = (a0 + a, b0 + b, c0 + c, d0 + d);
            lo += Vector256.Create(64);
            hi += Vector256.Create(64);
        }
        (state[0], state[1], state[2], state[3]) = (a0, b0, c0, d0);
    }

    /// <summary>One 64-byte block through one stream's state (scalar).</summary>
    public static void Compress(Span<uint> abcd, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[16];
        for (var j = 0; j < 16; j++) w[j] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * j)..]);
        uint a = abcd[0], b = abcd[1], c = abcd[2], d = abcd[3];
        for (var i = 0; i < 64; i++)
        {
            var (f, g) = (i >> 4) switch
            {
                0 => ((b & c) | (~b & d), i),
                1 => ((d & b) | (~d & c), (5 * i + 1) & 15),
                2 => (b ^ c ^ d, (3 * i + 5) & 15),
                _ => (c ^ (b | ~d), (7 * i) & 15),
            };
            var t = d;
            d = c;
            c = b;
            b += uint.RotateLeft(a + f + K[i] + w[g], S[((i >> 4) << 2) | (i & 3)]);
            a = t;
        }
        abcd[0] += a;
        abcd[1] += b;
        abcd[2] += c;
        abcd[3] += d;
    }

    /// <summary>Finishes a stream: its last bytes (under 64), MD5's padding and the length; returns the lowercase hex digest.</summary>
    [SkipLocalsInit]
    public static string Finish(Span<uint> abcd, ReadOnlySpan<byte> tail, long totalLength)
    {
        Span<byte> last = stackalloc byte[128];
        last.Clear();
        tail.CopyTo(last);
        last[tail.Length] = 0x80;
        var size = tail.Length < 56 ? 64 : 128;
        BinaryPrimitives.WriteInt64LittleEndian(last[(size - 8)..], totalLength * 8);
        for (var o = 0; o < size; o += 64) Compress(abcd, last.Slice(o, 64));
        Span<byte> digest = stackalloc byte[16];
        for (var j = 0; j < 4; j++) BinaryPrimitives.WriteUInt32LittleEndian(digest[(4 * j)..], abcd[j]);
        return Convert.ToHexStringLower(digest);
    }
}
