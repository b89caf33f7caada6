package dev.jfmm.scheme;

/** Small dense exact matrices for the sandwich symmetry: product, transpose, inverse. */
final class RationalMatrix {

    private final Rational[][] a;

    RationalMatrix(Rational[][] entries) {
        int cols = entries.length == 0 ? 0 : entries[0].length;
        a = new Rational[entries.length][];
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].length != cols) {
                throw new IllegalArgumentException("ragged matrix: row " + i + " has " + entries[i].length
                        + " entries, row 0 has " + cols);
            }
            a[i] = entries[i].clone();
        }
    }

    /** The n x n identity, as rows. */
    static Rational[][] identity(int n) {
        Rational[][] m = new Rational[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = i == j ? Rational.ONE : Rational.ZERO;
            }
        }
        return m;
    }

    int rows() {
        return a.length;
    }

    int cols() {
        return a.length == 0 ? 0 : a[0].length;
    }

    Rational get(int i, int j) {
        return a[i][j];
    }

    RationalMatrix multiply(RationalMatrix b) {
        if (cols() != b.rows()) {
            throw new IllegalArgumentException("cannot multiply " + rows() + "x" + cols() + " by " + b.rows()
                    + "x" + b.cols());
        }
        Rational[][] c = new Rational[rows()][b.cols()];
        for (int i = 0; i < rows(); i++) {
            for (int k = 0; k < b.cols(); k++) {
                Rational sum = Rational.ZERO;
                for (int j = 0; j < cols(); j++) {
                    if (!a[i][j].isZero() && !b.a[j][k].isZero()) {
                        sum = sum.add(a[i][j].multiply(b.a[j][k]));
                    }
                }
                c[i][k] = sum;
            }
        }
        return new RationalMatrix(c);
    }

    RationalMatrix transpose() {
        Rational[][] t = new Rational[cols()][rows()];
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < cols(); j++) {
                t[j][i] = a[i][j];
            }
        }
        return new RationalMatrix(t);
    }

    /** Gauss-Jordan elimination over Q. @throws IllegalArgumentException if singular or not square */
    RationalMatrix inverse() {
        int n = rows();
        if (cols() != n) {
            throw new IllegalArgumentException("a " + n + "x" + cols() + " matrix has no inverse");
        }
        Rational[][] m = new Rational[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = a[i][j];
                m[i][n + j] = i == j ? Rational.ONE : Rational.ZERO;
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && m[pivot][col].isZero()) {
                pivot++;
            }
            if (pivot == n) {
                throw new IllegalArgumentException("the matrix is singular");
            }
            Rational[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            Rational scale = m[col][col].reciprocal();
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] = m[col][j].multiply(scale);
            }
            for (int i = 0; i < n; i++) {
                if (i != col && !m[i][col].isZero()) {
                    Rational factor = m[i][col];
                    for (int j = 0; j < 2 * n; j++) {
                        m[i][j] = m[i][j].subtract(factor.multiply(m[col][j]));
                    }
                }
            }
        }
        Rational[][] inv = new Rational[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return new RationalMatrix(inv);
    }
}
