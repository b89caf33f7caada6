package dev.jfmm.kernel;

import java.util.List;

/**
 * The kernel IR: straight-line programs over vector registers, int cursors and counted loops, small
 * enough that each backend (JVM bytecode, Java source, later OpenCL C) is a direct translation.
 *
 * <p>A micro-kernel has two methods, each keeping its vectors in its own locals:
 * <ul>
 *   <li>{@code compute(int kc, T[] a, int aIndex, T[] b, int bIndex, T[] tile)}: the k loop, ending
 *       with the accumulators stored to the tile;</li>
 *   <li>{@code merge(T[] tile, T[] c, int cIndex, int ldc, T alpha, T beta)}: C = alpha * tile + beta * C.</li>
 * </ul>
 * They are separate because HotSpot's C1 gives up on a method with the loop and a scaled store of
 * every accumulator ("out of virtual registers"), and a method C1 gives up on is left unprofiled,
 * never reaching C2: the kernel would run at a hundredth of its speed.
 *
 * @param name  class-name-safe identity, e.g. "MicroKernel_d512_8x3v_u4"
 * @param spec  the spec it was built from (precision and species)
 * @param vectorRegisters how many vector registers either method uses (v0 .. v{n-1})
 * @param compute the body of compute
 * @param merge   the body of merge
 */
public record KernelIR(String name, KernelSpec spec, int vectorRegisters, List<Stmt> compute, List<Stmt> merge) {

    public KernelIR {
        compute = List.copyOf(compute);
        merge = List.copyOf(merge);
    }

    /** Int variables: compute's KC, A_INDEX, B_INDEX and loop counter P (from 0); merge's C_INDEX and LDC. */
    public enum IntVar {
        KC, A_INDEX, B_INDEX, P, C_INDEX, LDC
    }

    /** The arrays: packed A and B, the MR x NR tile (row-major, from index 0), and C. */
    public enum Array {
        A, B, TILE, C
    }

    /** A kernel statement. */
    public sealed interface Stmt permits Zero, Load, Broadcast, Fma, Advance, Loop, StoreTile, MergeC {
    }

    /** v[dst] = 0 in every lane. */
    public record Zero(int dst) implements Stmt {
    }

    /** v[dst] = the vector at array[cursor + offset] (lanes consecutive elements). */
    public record Load(int dst, Array array, IntVar cursor, int offset) implements Stmt {
    }

    /** v[dst] = array[cursor + offset] in every lane. */
    public record Broadcast(int dst, Array array, IntVar cursor, int offset) implements Stmt {
    }

    /** v[acc] = v[x] * v[y] + v[acc], one rounding. */
    public record Fma(int acc, int x, int y) implements Stmt {
    }

    /** cursor += amount. */
    public record Advance(IntVar cursor, int amount) implements Stmt {
    }

    /** while (P + step <= KC) { body; P += step; } */
    public record Loop(int step, List<Stmt> body) implements Stmt {
        public Loop {
            body = List.copyOf(body);
        }
    }

    /** tile[offset ..] = v[src]. */
    public record StoreTile(int src, int offset) implements Stmt {
    }

    /**
     * C[C_INDEX + row * LDC + column ..] = tile[tileOffset ..] * alpha + C[...] * beta over one vector,
     * where beta == 0 does not read C.
     */
    public record MergeC(int tileOffset, int row, int column) implements Stmt {
    }
}
