package dev.jfmm.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated micro-kernels against the contract written in {@link MicroKernels}, computed here by a
 * plain loop: every tile shape that fits the register file, several unrolls and widths, both
 * precisions; and the emitted Java source, compiled on its own, against the bytecode.
 */
class KernelGeneratorTest {

    static final int[] KCS = {0, 1, 2, 5, 17, 64};

    static List<KernelSpec> specs() {
        List<KernelSpec> specs = new ArrayList<>();
        for (Precision precision : Precision.values()) {
            for (int mr = 1; mr <= 8; mr++) {
                for (int nrv = 1; nrv <= 3; nrv++) {
                    for (int unroll : new int[] {1, 3, 4}) {
                        specs.add(new KernelSpec(precision, 512, mr, nrv, unroll));
                    }
                }
            }
            specs.add(new KernelSpec(precision, 256, 4, 3, 4));
            specs.add(new KernelSpec(precision, 128, 6, 2, 2));
            specs.add(new KernelSpec(precision, 512, 14, 2, 2));
            specs.add(new KernelSpec(precision, 512, 16, 2, 1));
        }
        return specs;
    }

    @TestFactory
    Stream<DynamicTest> everyTileShapeMatchesTheContract() {
        return specs().stream().map(spec -> DynamicTest.dynamicTest(spec.key(), () -> {
            Object kernel = KernelCache.shared().get(spec, Object.class, s -> BytecodeBackend.load(
                    BytecodeBackend.generate(MicroKernels.build(spec))));
            checkAgainstContract(spec, kernel, new SplittableRandom(spec.hashCode()));
        }));
    }

    /** Integer-valued inputs make the contract exact, so any mix-up of rows, columns or steps shows. */
    static void checkAgainstContract(KernelSpec spec, Object kernel, SplittableRandom random) {
        int mr = spec.mr(), nr = spec.nr();
        for (int kcWanted : KCS) {
            int kc = (kcWanted + spec.kUnroll() - 1) / spec.kUnroll() * spec.kUnroll();
            for (double[] alphaBeta : new double[][] {{1, 0}, {-2, 1}, {3, -1}, {1, Double.NaN}}) {
                int aIndex = random.nextInt(3), bIndex = random.nextInt(3), ldc = nr + random.nextInt(3);
                int cIndex = random.nextInt(3);
                double[] a = ints(random, aIndex + kc * mr), b = ints(random, bIndex + kc * nr);
                double[] c = ints(random, cIndex + mr * ldc);
                double[] expected = c.clone();
                double alpha = alphaBeta[0], beta = alphaBeta[1];
                for (int r = 0; r < mr; r++) {
                    for (int j = 0; j < nr; j++) {
                        double sum = 0;
                        for (int p = 0; p < kc; p++) {
                            sum += a[aIndex + p * mr + r] * b[bIndex + p * nr + j];
                        }
                        int ci = cIndex + r * ldc + j;
                        expected[ci] = beta == 0 ? alpha * sum : beta * c[ci] + alpha * sum;
                    }
                }
                double[] actual = run(spec, kernel, kc, a, aIndex, b, bIndex, c, cIndex, ldc, alpha, beta);
                assertArrayEquals(expected, actual, spec.key() + " kc=" + kc + " alpha=" + alpha + " beta=" + beta);
            }
        }
    }

    /** compute into a tile, then merge the tile into a copy of C. */
    static double[] run(KernelSpec spec, Object kernel, int kc, double[] a, int aIndex, double[] b, int bIndex,
                        double[] c, int cIndex, int ldc, double alpha, double beta) {
        int tileSize = spec.mr() * spec.nr();
        if (spec.precision() == Precision.DOUBLE) {
            double[] out = c.clone(), tile = new double[tileSize];
            ((DoubleMicroKernel) kernel).compute(kc, a, aIndex, b, bIndex, tile);
            ((DoubleMicroKernel) kernel).merge(tile, out, cIndex, ldc, alpha, beta);
            return out;
        }
        float[] out = toFloat(c), tile = new float[tileSize];
        ((FloatMicroKernel) kernel).compute(kc, toFloat(a), aIndex, toFloat(b), bIndex, tile);
        ((FloatMicroKernel) kernel).merge(tile, out, cIndex, ldc, (float) alpha, (float) beta);
        double[] d = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            d[i] = out[i];
        }
        return d;
    }

    static double[] ints(SplittableRandom random, int n) {
        return random.ints(n, -4, 5).asDoubleStream().toArray();
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Test
    void emittedJavaSourceCompilesAndComputesBitForBitTheSame() throws Exception {
        for (KernelSpec spec : List.of(new KernelSpec(Precision.DOUBLE, 512, 8, 3, 4),
                new KernelSpec(Precision.FLOAT, 512, 5, 2, 3), new KernelSpec(Precision.DOUBLE, 256, 3, 1, 1))) {
            KernelIR ir = MicroKernels.build(spec);
            String source = JavaSourceBackend.generate(ir);
            assertTrue(source.startsWith("// Generated by jfmm " + JavaSourceBackend.GENERATOR_VERSION), source);
            assertTrue(source.contains("Do not edit"), source);
            Object compiled = compileAndInstantiate(ir.name(), source);
            Object generated = BytecodeBackend.load(BytecodeBackend.generate(ir));
            assertNotEquals(compiled.getClass(), generated.getClass());
            SplittableRandom random = new SplittableRandom(1);
            int kc = 12 * spec.kUnroll(), ldc = spec.nr() + 1;
            double[] a = random.doubles(kc * spec.mr(), -1, 1).toArray();
            double[] b = random.doubles(kc * spec.nr(), -1, 1).toArray();
            double[] c = random.doubles(spec.mr() * ldc, -1, 1).toArray();
            for (double beta : new double[] {0, 0.3}) {
                assertArrayEquals(run(spec, generated, kc, a, 0, b, 0, c, 0, ldc, 1.7, beta),
                        run(spec, compiled, kc, a, 0, b, 0, c, 0, ldc, 1.7, beta), spec.key());
            }
            checkAgainstContract(spec, compiled, new SplittableRandom(2));
        }
    }

    @Test
    void generatedMethodsStayUnderTheHugeMethodLimit() {
        for (KernelSpec spec : specs()) {
            var file = BytecodeBackend.generate(MicroKernels.build(spec));
            assertEquals(java.util.Set.of("compute", "merge"), file.methodBytes().keySet(), spec.key());
            for (int bytes : file.methodBytes().values()) {
                assertTrue(bytes > 0 && bytes <= BytecodeBackend.HUGE_METHOD_LIMIT, spec.key());
            }
        }
        var tooBig = new KernelSpec(Precision.DOUBLE, 512, 16, 2, 16);
        var e = assertThrows(IllegalArgumentException.class, () -> BytecodeBackend.generate(MicroKernels.build(tooBig)));
        assertTrue(e.getMessage().contains("over HotSpot's 8000-byte limit"), e.getMessage());
    }

    /**
     * The kernels of every packaged profile must compile at every tier: a kernel that C1 gives up on is
     * never profiled, never reaches C2, and runs about a hundred times slower (seen with an 8 x 3 tile
     * unrolled 8 times). Runs them in a child JVM with -XX:+PrintCompilation and reads its log.
     */
    @Test
    void profileKernelsCompileAtEveryTier() throws Exception {
        String javaBinary = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(List.of(javaBinary, "--add-modules", "jdk.incubator.vector",
                "-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path"), KernelWarmup.class.getName()))
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, process.exitValue(), log);
        assertTrue(log.contains("warmed "), log);
        List<String> skipped = log.lines().filter(l -> (l.contains("Kernel_") || l.contains("SchemeSums_"))
                && l.contains("COMPILE SKIPPED")).toList();
        assertEquals(List.of(), skipped, "kernels the JIT gave up on");
        for (String kernel : log.lines().filter(l -> l.startsWith("warmed ")).map(l -> l.substring(7)).toList()) {
            String hot = kernel.startsWith("Small") ? "::rows" : kernel.startsWith("SchemeSums") ? "::p0" : "::compute";
            assertTrue(log.lines().anyMatch(l -> l.contains(kernel + "/") && l.contains(hot) && l.matches(".*\\s4\\s+dev\\.jfmm.*")),
                    kernel + hot + " never reached C2:\n" + log.lines().filter(l -> l.contains("Kernel_")).toList());
        }
    }

    @Test
    void badSpecsAreRejectedWithTheReason() {
        assertEquals("vectorBits = 100 must be 64, 128, 256 or 512",
                assertThrows(IllegalArgumentException.class, () -> new KernelSpec(Precision.DOUBLE, 100, 4, 2, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KernelSpec(Precision.FLOAT, 512, 12, 3, 1))
                .getMessage().contains("more than 32 accumulators"));
        assertEquals("mr = 0 must be in [1, 32]",
                assertThrows(IllegalArgumentException.class, () -> new KernelSpec(Precision.DOUBLE, 512, 0, 2, 1)).getMessage());
    }

    @Test
    void cacheGeneratesEachKeyOnceUnderConcurrentFirstUse() throws Exception {
        KernelCache cache = new KernelCache(4);
        KernelSpec spec = new KernelSpec(Precision.DOUBLE, 512, 2, 1, 2);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<DoubleMicroKernel>> got = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                got.add(pool.submit(() -> {
                    start.await();
                    return cache.doubleMicroKernel(spec);
                }));
            }
            start.countDown();
            DoubleMicroKernel first = got.get(0).get();
            for (Future<DoubleMicroKernel> f : got) {
                assertSame(first, f.get());
            }
            assertEquals(1, cache.generations());
        } finally {
            pool.shutdownNow();
        }
        for (int mr = 1; mr <= 6; mr++) {
            cache.doubleMicroKernel(new KernelSpec(Precision.DOUBLE, 512, mr, 2, 1));
        }
        assertEquals(4, cache.size(), "the cache must stay within its capacity");
    }

    /** Compiles one source file in memory with the Vector API module and returns an instance. */
    static Object compileAndInstantiate(String className, String source) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        String qualified = KernelGeneratorTest.class.getPackageName() + "." + className;
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(compiler.getStandardFileManager(diagnostics, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<String> options = List.of("--add-modules", "jdk.incubator.vector", "-classpath", System.getProperty("java.class.path"));
        boolean ok = compiler.getTask(null, manager, diagnostics, options, null, List.of(file)).call();
        assertTrue(ok, "emitted source did not compile: " + diagnostics.getDiagnostics() + "\n" + source);
        ClassLoader loader = new ClassLoader(KernelGeneratorTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        return loader.loadClass(qualified).getConstructor().newInstance();
    }
}
