#!/usr/bin/env python3
"""Shows each MirrorPilot cfn-lint rule can fail: every fixture under tools/cfn_rules_fixtures/<RULE>/ must be
flagged with that rule id. (The shipped templates are checked with the same rules by `make test`.)"""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
cfn_lint = os.path.join(os.path.dirname(sys.executable), "cfn-lint")
fixtures = os.path.join(here, "cfn_rules_fixtures")
failed = 0
for rule in sorted(os.listdir(fixtures)):
    template = os.path.join(fixtures, rule, "template.yaml")
    run = subprocess.run([cfn_lint, "--append-rules", os.path.join(here, "cfn_rules"), "--format", "parseable", template],
                         capture_output=True, text=True)
    caught = any(f":{rule}:" in line for line in run.stdout.splitlines())
    print(f"{rule}: {'flags' if caught else 'MISSES'} {os.path.relpath(template, os.path.dirname(here))}")
    failed += 0 if caught else 1
print(f"cfn rules: {len(os.listdir(fixtures)) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
