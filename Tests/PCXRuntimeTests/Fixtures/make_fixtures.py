"""Writes the data-reader fixtures of Tests/PCXRuntimeTests (run once with NumPy; outputs committed).

Usage: python3 make_fixtures.py   (from any directory; files land next to this script)

Values are closed forms (arange-based) where a test states them, and random where a test
cross-checks two files written by NumPy (a CSV against the .npy of the same array).
digits.csv is a copy of the UCI digits test set (see README.md here); its column sums and
label counts are written by NumPy for the reader test to match.
"""
import csv
import os
import shutil
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS_SOURCE = "/work/shared/data/digits.csv"


def path(name):
    return os.path.join(HERE, name)


def write_csv_fixtures():
    rng = np.random.default_rng(4)
    a = rng.standard_normal((6, 4))
    # %.17g round-trips every float64 exactly.
    np.savetxt(path("savetxt.csv"), a, fmt="%.17g", delimiter=",", header="f0,f1,f2,label", comments="")
    np.save(path("savetxt.npy"), a)

    b = np.round(rng.standard_normal((4, 3)) * 100) / 8  # exact in decimal and binary
    with open(path("quoted.csv"), "w", newline="") as f:  # csv's default line terminator is CRLF
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(['width, "cm"', "multi\nline", "label"])
        for row in b:
            w.writerow([repr(float(v)) for v in row])
    np.save(path("quoted.npy"), b)


def write_npy_fixtures():
    base = np.arange(6).reshape(2, 3)
    f8 = base * 0.25 - 0.5
    np.save(path("f8_2x3.npy"), f8)
    np.save(path("f4_2x3.npy"), f8.astype(np.float32))
    np.save(path("i8_2x3.npy"), (base - 2).astype(np.int64))
    np.save(path("i4_2x3.npy"), (base - 2).astype(np.int32))
    np.save(path("u1_2x3.npy"), base.astype(np.uint8))
    np.save(path("b1_2x3.npy"), np.array([[True, False, True], [False, False, True]]))
    np.save(path("scalar.npy"), np.array(3.5))
    np.save(path("vector.npy"), np.arange(5) * 1.5)
    np.save(path("rank3.npy"), np.arange(24).reshape(2, 3, 4) * 0.5)
    np.save(path("empty_0x3.npy"), np.zeros((0, 3)))
    for version in [(2, 0), (3, 0)]:
        with open(path("v%d.npy" % version[0]), "wb") as f:
            np.lib.format.write_array(f, f8, version=version)
    np.save(path("fortran.npy"), np.asfortranarray(f8))
    np.save(path("object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
    np.save(path("bigendian.npy"), f8.astype(">f8"))
    np.save(path("complex.npy"), np.arange(3).astype(np.complex128))
    with open(path("f8_2x3.npy"), "rb") as f:
        whole = f.read()
    with open(path("truncated.npy"), "wb") as f:
        f.write(whole[:-5])


def write_npz_fixtures():
    rng = np.random.default_rng(7)
    arrays = {
        "x": np.arange(6).reshape(2, 3) * 0.25 - 0.5,
        "y": np.arange(5) * 1.5,
        "counts": np.arange(4, dtype=np.int64),
        "big": rng.integers(0, 10, size=(40, 50)) / 4.0,  # compressible: dynamic Huffman blocks
    }
    np.savez(path("stored.npz"), **arrays)
    np.savez_compressed(path("compressed.npz"), **arrays)


def write_deflate_fixtures():
    rng = np.random.default_rng(11)
    # Repeats (back-references), skewed letters (worth a dynamic code) and random bytes.
    skewed = rng.choice(np.frombuffer(b"eeeeeeeetttttaaaoinshrdlu", dtype=np.uint8), 1500).tobytes()
    plain = (b"pcx reads deflate streams; " * 40) + skewed + rng.integers(0, 256, 300, dtype=np.uint8).tobytes()
    with open(path("deflate_plain.bin"), "wb") as f:
        f.write(plain)
    for name, level, strategy in [("stored", 0, zlib.Z_DEFAULT_STRATEGY),
                                  ("fixed", 9, zlib.Z_FIXED),
                                  ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY)]:
        c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)  # raw DEFLATE, no zlib header
        with open(path("deflate_%s.bin" % name), "wb") as f:
            f.write(c.compress(plain) + c.flush())


def write_digits_fixtures():
    shutil.copyfile(DIGITS_SOURCE, path("digits.csv"))
    table = np.loadtxt(path("digits.csv"), delimiter=",", skiprows=1)
    np.save(path("digits_column_sums.npy"), table[:, :64].sum(axis=0))
    np.save(path("digits_label_counts.npy"), np.bincount(table[:, 64].astype(int), minlength=10).astype(np.float64))


if __name__ == "__main__":
    write_csv_fixtures()
    write_npy_fixtures()
    write_npz_fixtures()
    write_deflate_fixtures()
    write_digits_fixtures()
