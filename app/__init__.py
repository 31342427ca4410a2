"""Seq2Seq Studio's desktop app. Importing it imports neither PyTorch nor the engine's models:
the window comes first and the engine loads in the background (app/services/translation.py)."""

import time

IMPORTED = time.perf_counter()  # the fallback origin of the launch time where the process's start is unknown
