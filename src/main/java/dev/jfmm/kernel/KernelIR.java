package dev.jfmm.kernel;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The kernel IR: a class of methods, each a straight-line program over vector registers, int cursors
 * and counted loops, small enough that each backend (JVM bytecode, Java source, later OpenCL C) is a
 * direct translation. Each method keeps its vectors in its own locals; only arrays, indexes and
 * scalars cross calls.
 *
 * <p>Methods are kept small on purpose: HotSpot's C1 gives up on a method with too many vector
 * operations ("out of virtual registers"), and a method C1 gives up on is left unprofiled, never
 * reaching C2, so the kernel would run at a hundredth of its speed. That is why the packed
 * micro-kernel is two methods ({@code compute}, then {@code merge}).
 *
 * @param name        class-name-safe identity, e.g. "MicroKernel_d512_8x3v_u4"
 * @param key         the cache key it was built from, as text (named in generated headers)
 * @param precision   element type
 * @param vectorBits  width of the species the code is baked for
 * @param implemented simple name of the interface in this package the class implements
 * @param methods     the methods, in order
 */
public record KernelIR(String name, String key, Precision precision, int vectorBits, String implemented,
                       List<Method> methods) {

    public KernelIR {
        methods = List.copyOf(methods);
    }

    /** Lanes per vector of the baked species. */
    public int lanes() {
        return precision.lanes(vectorBits);
    }

    /** One generated method: its name, parameter list, vector registers (v0 .. v{n-1}) and body. */
    public record Method(String name, Signature signature, int vectorRegisters, List<Stmt> body) {
        public Method {
            body = List.copyOf(body);
        }

        /** The int variables the body uses that are not parameters: the method's int locals. */
        public Set<IntVar> intLocals() {
            Set<IntVar> used = EnumSet.noneOf(IntVar.class);
            collect(body, used);
            used.removeIf(signature::has);
            return used;
        }

        /** Whether the body has a loop (and so needs its counter P). */
        public boolean loops() {
            boolean[] found = {false};
            forEach(body, s -> found[0] |= s instanceof Loop);
            return found[0];
        }

        private static void collect(List<Stmt> body, Set<IntVar> used) {
            forEach(body, s -> {
                switch (s) {
                    case Load l -> addIndex(l.index(), used);
                    case Broadcast b -> addIndex(b.index(), used);
                    case SetInt i -> used.add(i.var());
                    case Advance a -> used.add(a.cursor());
                    case AdvanceBy a -> {
                        used.add(a.cursor());
                        used.add(a.amount());
                    }
                    case Loop l -> {
                        used.add(IntVar.P);
                        used.add(IntVar.KC);
                    }
                    case MergeC m -> {
                        used.add(IntVar.C_INDEX);
                        used.add(IntVar.LDC);
                    }
                    case Zero z -> { }
                    case Fma f -> { }
                    case StoreTile t -> { }
                    case LinearSum l -> { } // its term cursors and counter are the backend's own locals
                    case Dispatch d -> { }
                }
            });
        }

        private static void addIndex(Index index, Set<IntVar> used) {
            used.add(index.cursor());
            if (index.scaled() != null) {
                used.add(index.scaled());
            }
        }

        private static void forEach(List<Stmt> body, Consumer<Stmt> action) {
            for (Stmt s : body) {
                action.accept(s);
                if (s instanceof Loop l) {
                    forEach(l.body(), action);
                }
            }
        }
    }

    /** Int variables: parameters or locals, depending on the signature. The loop counter P starts at 0. */
    public enum IntVar {
        KC, A_INDEX, B_INDEX, P, C_INDEX, LDC, A_ROW_STRIDE, A_COL_STRIDE, LDB, SRC_INDEX, DST_INDEX, COUNT, PATTERN
    }

    /**
     * The arrays: A and B (packed or not), the MR x NR tile (row-major, from index 0), and C; a scheme
     * sum reads SRC and writes DST.
     */
    public enum Array {
        A, B, TILE, C, SRC, DST
    }

    /** A parameter of a generated method. */
    public sealed interface Param permits IntParam, ArrayParam, ScalarParam, OffsetsParam {
    }

    public record IntParam(IntVar var) implements Param {
    }

    public record ArrayParam(Array array) implements Param {
    }

    /** A scalar of the kernel's precision: alpha or beta. */
    public record ScalarParam(String name) implements Param {
    }

    /** An int[] of element offsets, one per term of a {@link LinearSum}. */
    public record OffsetsParam() implements Param {
    }

    /** The parameter lists generated methods have; the interfaces in this package declare them. */
    public enum Signature {
        /** compute(int kc, T[] a, int aIndex, T[] b, int bIndex, T[] tile) */
        COMPUTE(new IntParam(IntVar.KC), new ArrayParam(Array.A), new IntParam(IntVar.A_INDEX),
                new ArrayParam(Array.B), new IntParam(IntVar.B_INDEX), new ArrayParam(Array.TILE)),
        /** merge(T[] tile, T[] c, int cIndex, int ldc, T alpha, T beta) */
        MERGE(new ArrayParam(Array.TILE), new ArrayParam(Array.C), new IntParam(IntVar.C_INDEX),
                new IntParam(IntVar.LDC), new ScalarParam("alpha"), new ScalarParam("beta")),
        /** rows(T[] a, int aIndex, int aRowStride, int aColStride, T[] b, int bIndex, int ldb, T[] c, int cIndex, int ldc, T alpha, T beta, T[] tile) */
        ROWS(new ArrayParam(Array.A), new IntParam(IntVar.A_INDEX), new IntParam(IntVar.A_ROW_STRIDE),
                new IntParam(IntVar.A_COL_STRIDE), new ArrayParam(Array.B), new IntParam(IntVar.B_INDEX),
                new IntParam(IntVar.LDB), new ArrayParam(Array.C), new IntParam(IntVar.C_INDEX),
                new IntParam(IntVar.LDC), new ScalarParam("alpha"), new ScalarParam("beta"), new ArrayParam(Array.TILE)),
        /** A helper, not in the interface: pN(T[] src, int srcIndex, int[] offsets, T[] dst, int dstIndex, int count) */
        SUM(false, new ArrayParam(Array.SRC), new IntParam(IntVar.SRC_INDEX), new OffsetsParam(),
                new ArrayParam(Array.DST), new IntParam(IntVar.DST_INDEX), new IntParam(IntVar.COUNT)),
        /** sum(int pattern, T[] src, int srcIndex, int[] offsets, T[] dst, int dstIndex, int count) */
        DISPATCH(new IntParam(IntVar.PATTERN), new ArrayParam(Array.SRC), new IntParam(IntVar.SRC_INDEX),
                new OffsetsParam(), new ArrayParam(Array.DST), new IntParam(IntVar.DST_INDEX), new IntParam(IntVar.COUNT));

        public final List<Param> params;
        /** Whether the implemented interface declares methods of this signature (else they are helpers). */
        public final boolean declared;

        Signature(Param... params) {
            this(true, params);
        }

        Signature(boolean declared, Param... params) {
            this.params = List.of(params);
            this.declared = declared;
        }

        public boolean has(IntVar var) {
            return params.contains(new IntParam(var));
        }
    }

    /**
     * An element index: {@code cursor + offset + scale * scaled} ({@code scaled} null for none).
     */
    public record Index(IntVar cursor, int offset, IntVar scaled, int scale) {

        public static Index at(IntVar cursor, int offset) {
            return new Index(cursor, offset, null, 0);
        }

        public static Index scaled(IntVar cursor, int offset, IntVar scaled, int scale) {
            return scale == 0 ? at(cursor, offset) : new Index(cursor, offset, scaled, scale);
        }
    }

    /** A kernel statement. */
    public sealed interface Stmt permits Zero, Load, Broadcast, Fma, SetInt, Advance, AdvanceBy, Loop, StoreTile,
            MergeC, LinearSum, Dispatch {
    }

    /** v[dst] = 0 in every lane. */
    public record Zero(int dst) implements Stmt {
    }

    /** v[dst] = the vector at array[index] (lanes consecutive elements). */
    public record Load(int dst, Array array, Index index) implements Stmt {
    }

    /** v[dst] = array[index] in every lane. */
    public record Broadcast(int dst, Array array, Index index) implements Stmt {
    }

    /** v[acc] = v[x] * v[y] + v[acc], one rounding. */
    public record Fma(int acc, int x, int y) implements Stmt {
    }

    /** var = value. */
    public record SetInt(IntVar var, int value) implements Stmt {
    }

    /** cursor += amount. */
    public record Advance(IntVar cursor, int amount) implements Stmt {
    }

    /** cursor += amount (another int variable). */
    public record AdvanceBy(IntVar cursor, IntVar amount) implements Stmt {
    }

    /**
     * while (P + step <= KC) { body; P += step; }, emitted as {@code P < KC - (step - 1)} so that C2 sees
     * a counted loop: array indexes that are linear in P then have their range checks hoisted out of
     * the loop, while indexes built from an advancing cursor keep a check per access.
     */
    public record Loop(int step, List<Stmt> body) implements Stmt {
        public Loop {
            body = List.copyOf(body);
        }
    }

    /** tile[offset ..] = v[src]. */
    public record StoreTile(int src, int offset) implements Stmt {
    }

    /**
     * C[C_INDEX + row * LDC + column ..] = x * alpha + C[...] * beta over one vector, where x is
     * v[register], or with {@code register} negative the vector at tile[tileOffset], and beta == 0
     * does not read C. (No masks: C1 cannot compile methods with more than a few masked accesses.)
     */
    public record MergeC(int register, int tileOffset, int row, int column) implements Stmt {

        public static MergeC fromTile(int tileOffset, int row, int column) {
            return new MergeC(-1, tileOffset, row, column);
        }

        public static MergeC fromRegister(int register, int row, int column) {
            return new MergeC(register, 0, row, column);
        }
    }

    /**
     * A fast scheme's sum of blocks, in a method of signature {@link Signature#SUM}:
     * {@code dst[DST_INDEX + j] = sum_t coefficients[t] * src[SRC_INDEX + offsets[t] + j]} for j < COUNT,
     * the terms added left to right from the first (so the bits are those of the interpretive sums,
     * term by term), whole vectors first, then a scalar tail. A coefficient of 1 or -1 adds or
     * subtracts (negates, for the first term) without a multiply; nothing is fused into an FMA.
     */
    public record LinearSum(List<Double> coefficients) implements Stmt {
        public LinearSum {
            coefficients = List.copyOf(coefficients);
            if (coefficients.isEmpty()) {
                throw new IllegalArgumentException("a sum needs at least one term");
            }
        }
    }

    /**
     * In a method of signature {@link Signature#DISPATCH}: calls {@code targets.get(PATTERN)} (a method of
     * signature {@link Signature#SUM} in the same class) with the remaining parameters; any other
     * pattern throws IllegalArgumentException.
     */
    public record Dispatch(List<String> targets) implements Stmt {
        public Dispatch {
            targets = List.copyOf(targets);
        }
    }
}
