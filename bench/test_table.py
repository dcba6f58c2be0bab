"""Tests of bench/table.py on hand-made results: python3 -m unittest bench/test_table.py -v"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import table  # noqa: E402


def entry(fw, wl, ms, **extra):
    return {"framework": fw, "workload": wl, "median_ms": ms, "min_ms": ms, "reps": 7,
            "extra": extra}


def by_key(entries):
    return {(e["framework"], e["workload"]): e for e in entries}


def bar(bars, prefix):
    (found,) = [b for b in bars if b.name.startswith(prefix)]
    return found


class FlopCount(unittest.TestCase):
    def test_matches_issue_formula_by_hand(self):
        # m = 256: forward 2*512*(64*256 + 2*65536 + 256) = 151257088, total 3x
        self.assertEqual(table.loss_grad_flops(256), 3 * 151257088)


class Issue18Bars(unittest.TestCase):
    def test_step_process_and_hvp_bars(self):
        r = by_key([
            entry("pcx", "loss_grad_flat_m256", 2.0), entry("pcx", "step_m256", 2.08),
            entry("pcx", "step_gbar_m256", 2.6),
            entry("pcx", "process_gd004_m256", 6000.0), entry("jax", "process_gd004_m256", 10000.0),
            entry("pcx", "process_gd004_gbar_m256", 9000.0), entry("jax", "process_gd004_gbar_m256", 10000.0),
            entry("pcx", "hvp_m256", 20.0), entry("pcx", "hvp_mlp_m256", 8.0), entry("jax", "hvp_m256", 10.0),
        ])
        bars, _ = table.evaluate_bars(r)
        self.assertEqual(bar(bars, "GD step m=256").status, "PASS")                # 1.04x
        self.assertEqual(bar(bars, "step tracking gbar").status, "FAIL")           # 1.30x
        self.assertEqual(bar(bars, "whole process untracked").status, "PASS")      # 0.60x
        self.assertEqual(bar(bars, "whole process tracked").status, "FAIL")        # 0.90x
        hvp = bar(bars, "HVP vs JAX")
        self.assertEqual(hvp.status, "PASS")                                      # structured 0.80x
        self.assertIn("hvp_mlp_m256", hvp.detail)
        self.assertIn("m=256: 1.04x of loss+grad", table.step_sweep(r))

    def test_missing_inputs_are_missing(self):
        bars, _ = table.evaluate_bars({})
        for name in ("GD step", "step tracking", "whole process untracked", "HVP vs JAX"):
            self.assertEqual(bar(bars, name).status, "MISSING")


class Bars(unittest.TestCase):
    def test_pass_and_fail_with_exact_ratios(self):
        r = by_key([
            entry("pcx", "loss_grad_m64", 1.0), entry("jax", "loss_grad_m64", 2.0),
            entry("pcx", "loss_grad_m256", 3.0), entry("jax", "loss_grad_m256", 2.0),
            entry("pcx", "hvp_m64", 1.9), entry("pcx", "hvp_m256", 6.3),
            entry("pcx", "tangent_kernel_m256", 10.0, peak_bytes=300, bound_bytes=100),
            entry("jax", "tangent_kernel_m256", 250.0),
            entry("pcx", "gd3000_gbar_m256", 80.0, steps=300),
            entry("jax", "gd3000_gbar_m256", 100.0, steps=300),
        ])
        bars, _ = table.evaluate_bars(r)
        self.assertEqual(bar(bars, "loss+grad m=64: pcx <=").status, "PASS")    # 0.5x
        self.assertEqual(bar(bars, "loss+grad m=256: pcx <=").status, "FAIL")   # 1.5x
        self.assertIn("1.50x", bar(bars, "loss+grad m=256: pcx <=").detail)
        self.assertEqual(bar(bars, "loss+grad m=1024: pcx <=").status, "MISSING")
        self.assertEqual(bar(bars, "HVP m=64").status, "PASS")                  # 1.9x
        self.assertEqual(bar(bars, "HVP m=256").status, "FAIL")                 # 2.1x
        self.assertEqual(bar(bars, "tangent kernel m=256: pcx >= 20x").status, "PASS")  # 25x
        self.assertEqual(bar(bars, "tangent kernel m=256: pcx peak").status, "PASS")    # 3x
        self.assertEqual(bar(bars, "gd3000").status, "PASS")                    # exactly 0.8x

    def test_flop_bar_uses_our_count_and_pcx_dgemm(self):
        flops = table.loss_grad_flops(256)
        dgemm_ms = 2 * 1024 ** 3 / 100e9 * 1e3          # 100 GFLOP/s
        pcx_ms = flops / 69e9 * 1e3                      # 69 GFLOP/s: 69%, just under the bar
        r = by_key([entry("pcx", "dgemm_1024", dgemm_ms), entry("numpy", "dgemm_1024", 1.0),
                    entry("pcx", "loss_grad_m256", pcx_ms, gflops=69.0)])
        bars, warnings = table.evaluate_bars(r)
        b = bar(bars, "loss+grad m=256: pcx >= 70%")
        self.assertEqual(b.status, "FAIL")
        self.assertIn("69%", b.detail)
        self.assertEqual(warnings, [])

    def test_flop_mismatch_warns(self):
        flops = table.loss_grad_flops(256)
        r = by_key([entry("pcx", "dgemm_1024", 10.0),
                    entry("pcx", "loss_grad_m256", flops / 50e9 * 1e3, gflops=60.0)])
        _, warnings = table.evaluate_bars(r)
        self.assertEqual(len(warnings), 1)
        self.assertIn("loss_grad_m256", warnings[0])

    def test_gd_with_different_step_counts_is_not_compared(self):
        r = by_key([entry("pcx", "gd3000_gbar_m256", 1.0, steps=300),
                    entry("jax", "gd3000_gbar_m256", 9.0, steps=3000)])
        bars, _ = table.evaluate_bars(r)
        self.assertEqual(bar(bars, "gd3000").status, "MISSING")

    def test_memory_bar_fails_at_four_times_bound(self):
        r = by_key([entry("pcx", "tangent_kernel_m256", 1.0, peak_bytes=4 * 2_200_000,
                          bound_bytes=2_200_000)])
        bars, _ = table.evaluate_bars(r)
        self.assertEqual(bar(bars, "tangent kernel m=256: pcx peak").status, "FAIL")


class Files(unittest.TestCase):
    def test_load_merges_files_and_tolerates_missing_ones(self):
        with tempfile.TemporaryDirectory() as tmp:
            a, b = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
            with open(a, "w") as fh:
                json.dump({"tool": "pcx-bench", "results": [entry("pcx", "hvp_m64", 2.0)]}, fh)
            with open(b, "w") as fh:
                json.dump({"tool": "reference.py", "results": [
                    entry("jax", "hvp_m64", 4.0), {"framework": "numpy"}]}, fh)
            results, notes = table.load([a, b, os.path.join(tmp, "absent.json")])
        self.assertEqual(set(results), {("pcx", "hvp_m64"), ("jax", "hvp_m64")})
        self.assertTrue(any("malformed" in n for n in notes))
        self.assertTrue(any("cannot read" in n for n in notes))
        text = table.render_table(results)
        self.assertIn("0.50x", text)          # pcx/JAX = 2 / 4


if __name__ == "__main__":
    unittest.main()
