#!/usr/bin/env python3
"""Summarise an Odoo test-run log as a single ``N passed, M failed`` line.

Usage: test_summary.py LOGFILE [ODOO_EXIT_CODE]

Odoo 19 ends a ``--test-enable --stop-after-init`` run with (odoo/service/server.py,
odoo/tests/result.py)::

    ... odoo.tests.result: F failed, E error(s) of T tests when loading database 'db'

M = F + E and N = T - M.  A run is also counted as (at least one) failure when that
line is missing, when the log has CRITICAL records or module-loading errors, when no
test ran at all, or when Odoo exited non-zero.  Diagnostics go to stderr, the
summary line alone to stdout; exit status is 0 only for a green run with tests.
"""

import re
import sys

# "2025-01-01 10:00:00,123 4242 INFO dbname logger.name: message"
RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)"
)
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
FATAL_MESSAGES = (
    "Failed to load registry",
    "Some modules are not loaded",
    "Failed to initialize database",
    "invalid module names, ignored",
)
# odoo.modules.loading ERRORs that merely repeat test failures already counted in the summary
TEST_ECHOES = re.compile(r"^Module \S+: \d+ failures, \d+ errors of \d+ tests|^At least one test failed")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    odoo_rc = int(argv[2]) if len(argv) > 2 and argv[2].lstrip("-").isdigit() else 0
    try:
        with open(argv[1], encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        print(f"cannot read log: {exc}", file=sys.stderr)
        lines = []

    summary = None
    problems = []
    for line in lines:
        rec = RECORD.match(line)
        if not rec:
            continue
        level, logger, msg = rec["level"], rec["logger"], rec["msg"]
        if logger == "odoo.tests.result" and (m := SUMMARY.search(msg)):
            summary = tuple(int(x) for x in m.groups())
        if level == "CRITICAL" or (
            level == "ERROR" and logger.startswith("odoo.modules.loading") and not TEST_ECHOES.search(msg)
        ):
            problems.append(line)
        elif any(text in msg for text in FATAL_MESSAGES):
            problems.append(line)

    if summary is None:
        failed, errors, total = 0, 0, 0
        problems.append("no test summary line found in the log (did the install crash?)")
    else:
        failed, errors, total = summary
    bad = failed + errors
    passed = max(total - bad, 0)

    if total == 0 and summary is not None:
        problems.append("no test was run (wrong --tags or module without tests?)")
    if odoo_rc != 0 and bad == 0:
        problems.append(f"odoo exited with status {odoo_rc}")
    if problems:
        print("Problems detected:", file=sys.stderr)
        for p in dict.fromkeys(problems):
            print("  " + p[:500], file=sys.stderr)
        bad = max(bad, 1)

    print(f"{passed} passed, {bad} failed")
    return 0 if bad == 0 and total > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
