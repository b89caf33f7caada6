package dev.jfmm.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One product C = A * B per invocation, for one library, precision, shape and thread count. The driver
 * ({@link BenchMain}) sets every parameter; throughput in ops/s times 2mnk is GFLOP/s. C lives in an
 * array reachable from the state, so the product cannot be eliminated as dead code; inputs are
 * arrays, not constants, so nothing folds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GemmBench {

    @Param("jfmm")
    public String lib;

    @Param("double")
    public String precision;

    @Param("256")
    public String shape;

    @Param("1")
    public int threads;

    private Lib.Kernel kernel;

    @Setup(Level.Trial)
    public void setUp() {
        Lib library = Lib.of(lib);
        Shape s = Shape.parse(shape);
        String why = library.unavailable(s, threads);
        if (why != null) throw new IllegalStateException(lib + " not run for " + s + ", " + threads + " threads: " + why);
        kernel = library.kernel(new Problem(s, precision), threads);
    }

    @Benchmark
    public void gemm() {
        kernel.run();
    }
}
