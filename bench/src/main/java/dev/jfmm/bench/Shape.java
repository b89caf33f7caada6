package dev.jfmm.bench;

/** C (m x n) = A (m x k) * B (k x n); written "n" when square, else "m x k x n" as "MxKxN". */
record Shape(int m, int k, int n) {

    static Shape parse(String text) {
        String[] parts = text.trim().toLowerCase().split("x");
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0]);
                return new Shape(n, n, n);
            }
            if (parts.length == 3) {
                return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("shape '" + text + "' is neither N nor MxKxN");
    }

    Shape {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("shape sizes must be positive: " + m + "x" + k + "x" + n);
        }
    }

    boolean square() {
        return m == k && k == n;
    }

    int maxDim() {
        return Math.max(m, Math.max(k, n));
    }

    /** Floating-point operations of one product, 2mnk. */
    double flops() {
        return 2.0 * m * n * k;
    }

    @Override
    public String toString() {
        return square() ? Integer.toString(n) : m + "x" + k + "x" + n;
    }
}
