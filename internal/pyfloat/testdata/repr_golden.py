#!/usr/bin/python3
"""Python 3's repr(float) of assorted floats, the format pyfloat.Format must
reproduce (pandas' to_csv writes floats this way).

Run with Debian's Python (3.11):

    cd internal/pyfloat/testdata && /usr/bin/python3 repr_golden.py

It writes repr_golden.json: a list of {"x": x, "repr": repr(x)}.
"""
import json

floats = [0.0, 1.0, -2.5, 0.1, 1e-05, 0.0001, 0.00012345, 123456789.125, 1e16, 1.5e16,
          9999999999999998.0, 1e-300, 5e-324, 0.9171875, 1 / 3, -1e-07, 2.0 ** 60, 1e22, 0.625]
json.dump([{"x": x, "repr": repr(x)} for x in floats], open("repr_golden.json", "w"), indent=1)
