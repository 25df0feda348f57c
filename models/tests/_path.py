"""Puts models/ on sys.path so `pima_ipn` imports when unittest runs from the repository root."""
import os
import sys

MODELS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(MODELS)
if MODELS not in sys.path:
    sys.path.insert(0, MODELS)
