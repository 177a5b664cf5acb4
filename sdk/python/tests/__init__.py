"""Tests of the hotcrm package, run from sdk/python with ``python3 -m unittest discover -s tests -v``.

The package is imported from the source tree: every test module puts sdk/python first on sys.path
(``unittest discover -s tests`` imports them as top-level modules, so this file alone would not do).
"""

import os
import sys

SDK_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if SDK_ROOT not in sys.path:
    sys.path.insert(0, SDK_ROOT)
