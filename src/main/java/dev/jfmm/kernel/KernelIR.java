package dev.jfmm.kernel;

import java.util.List;

/**
 * The kernel IR: a straight-line program over vector registers, int cursors and counted loops, small
 * enough that each backend (JVM bytecode, Java source, later OpenCL C) is a direct translation, and
 * rich enough for packed micro-kernels and unpacked small-shape kernels.
 *
 * <p>The program runs with these int variables: the method's parameters ({@link IntVar#KC},
 * {@link IntVar#A_INDEX}, {@link IntVar#B_INDEX}, {@link IntVar#C_INDEX}, {@link IntVar#LDC}) and the
 * loop counter {@link IntVar#P}, which starts at 0. A and B cursors may be advanced; C is addressed as
 * {@code C_INDEX + row * LDC + column}.
 *
 * @param name  class-name-safe identity, e.g. "MicroKernel_d512_8x3v_u4"
 * @param spec  the spec it was built from (precision and species)
 * @param vectorRegisters how many vector registers the body uses (v0 .. v{n-1})
 * @param body  the statements
 */
public record KernelIR(String name, KernelSpec spec, int vectorRegisters, List<Stmt> body) {

    public KernelIR {
        body = List.copyOf(body);
    }

    /** Int variables of a kernel. */
    public enum IntVar {
        KC, A_INDEX, B_INDEX, C_INDEX, LDC, P
    }

    /** The three arrays a kernel reads or writes. */
    public enum Array {
        A, B, C
    }

    /** A kernel statement. */
    public sealed interface Stmt permits Zero, Load, Broadcast, Fma, Advance, Loop, StoreC {
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

    /**
     * C[C_INDEX + row * LDC + column ..] = alpha * v[src] + beta * C[...] over one vector, where beta == 0
     * does not read C.
     */
    public record StoreC(int src, int row, int column) implements Stmt {
    }
}
