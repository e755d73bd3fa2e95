package org.rlhf4j.model.hf;

/**
 * The element types a safetensors header may name, with their byte widths. Only {@link #F32}, {@link #F16} and
 * {@link #BF16} can be read as float32 ({@link #readable()}); the others are known so that a header using them is
 * still checked for consistent sizes and the error names the type.
 */
public enum SafetensorsDtype {
    F64(8), F32(4), F16(2), BF16(2), F8_E4M3(1), F8_E5M2(1),
    I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), BOOL(1);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether the reader converts this type to float32. */
    public boolean readable() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The type named {@code name} in a header, or {@code null} if the name is not a safetensors type. */
    public static SafetensorsDtype parse(String name) {
        for (SafetensorsDtype t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * IEEE 754 half precision to float32: sign, 5-bit exponent (bias 15), 10-bit mantissa; subnormals,
     * infinities and NaN included. Exact: every half value is a float value.
     */
    public static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN: keep the payload
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float
            float magnitude = mantissa * 0x1.0p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** bfloat16 to float32: bfloat16 is the upper half of a float32's bits. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
