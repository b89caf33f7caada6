package dev.jfmm.kernel;

/** The element type of a kernel: what its arrays hold and which Vector-API class computes on them. */
public enum Precision {
    DOUBLE(Double.SIZE, 0x1p-53, "double", "DoubleVector", "D"),
    FLOAT(Float.SIZE, 0x1p-24, "float", "FloatVector", "F");

    /** Bits per element. */
    public final int bits;
    /** Unit roundoff. */
    public final double eps;
    /** The Java primitive type's name. */
    public final String javaType;
    /** The simple name of its Vector-API class in jdk.incubator.vector. */
    public final String vectorClass;
    /** The JVM type descriptor of the primitive. */
    public final String descriptor;

    Precision(int bits, double eps, String javaType, String vectorClass, String descriptor) {
        this.bits = bits;
        this.eps = eps;
        this.javaType = javaType;
        this.vectorClass = vectorClass;
        this.descriptor = descriptor;
    }

    /** Lanes in a vector of that many bits. */
    public int lanes(int vectorBits) {
        return vectorBits / bits;
    }
}
