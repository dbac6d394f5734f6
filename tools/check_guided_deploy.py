#!/usr/bin/env python3
"""Checks `make deploy GUIDED=1` (tools/guided_deploy.py) without an AWS account: a stand-in `sam` records
the command it is given. Run by `make test`; exits non-zero on the first failed check."""
import io
import json
import re
import os
import shutil
import sys
import tempfile
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guided_deploy  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(workdir, answers):
    """Runs the guided deploy on copies of the template and samconfig; returns (exit, transcript, sam args or None)."""
    fake_sam = os.path.join(workdir, "sam")
    record = os.path.join(workdir, "sam-args.json")
    with open(fake_sam, "w") as f:
        f.write(f"#!{sys.executable}\nimport json, sys\njson.dump(sys.argv[1:], open({record!r}, 'w'))\n")
    os.chmod(fake_sam, 0o755)
    lines = iter(a + "\n" for a in answers)
    out = io.StringIO()

    def echo(line):
        out.write(line if line else "\n")
        return line
    try:
        code = guided_deploy.main(["--template", os.path.join(workdir, "template.yaml"),
                                   "--config", os.path.join(workdir, "samconfig.toml"), "--sam", fake_sam,
                                   "--region", "eu-west-1"],
                                  read=lambda: echo(next(lines, "")), write=out.write)
    except SystemExit as e:
        code = e.code
    args = json.load(open(record)) if os.path.exists(record) else None
    return code, out.getvalue(), args


def fresh():
    workdir = tempfile.mkdtemp(prefix="guided-deploy-")
    shutil.copy(os.path.join(ROOT, "template.yaml"), workdir)
    shutil.copy(os.path.join(ROOT, "samconfig.toml"), workdir)
    return workdir


def check(condition, what):
    if not condition:
        raise SystemExit("guided deploy check failed: " + what)


def main():
    parameter_count = len(guided_deploy.parameters(os.path.join(ROOT, "template.yaml")))

    # Given hostile and mistyped answers, each is asked again with the template's own constraint.
    workdir = fresh()
    code, transcript, args = run(workdir, [
        "", "eu-west-1",
        'bad"tag', "mirrorpilot:role=sensor",
        "sometimes", "opt-in",
        "not-an-email", "sec@example.com",
        "http://brain.example.com", "https://brain.example.com",
        "",
        "", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:brain"])
    check(code == 0, f"exit {code}\n{transcript}")
    # the stand-in terminal echoes each answer, so a prompt is a line "Question [default]: answer"
    questions = {line.split(" [")[0] for line in transcript.splitlines() if re.search(r" \[[^\]]*\]: ", line)}
    check(len(questions) == 8, f"8 distinct questions with a Brain, got {len(questions)}: {sorted(questions)}")
    check("no double quote, backslash or control character" in transcript, "TargetTag's constraint shown")
    check("must be one of opt-out, opt-in" in transcript, "Mode's allowed values shown")
    check("An https:// URL" in transcript, "BrainUrl's constraint shown")
    check("required with a Brain URL" in transcript, "the secret is required with a Brain")
    check(args is not None and args[:1] == ["deploy"], f"sam deploy run: {args}")
    overrides = args[args.index("--parameter-overrides") + 1]
    for expected in ('Mode="opt-in"', 'AlarmEmail="sec@example.com"', 'BrainUrl="https://brain.example.com"',
                     'BrainApi="v2.5"', 'Interfaces="primary"', 'CapacityHeadroom="80"'):
        check(expected in overrides, f"{expected} in {overrides}")
    check(args[args.index("--stack-name") + 1] == "mirrorpilot" and args[args.index("--region") + 1] == "eu-west-1",
          f"stack and region: {args}")
    saved = tomllib.load(open(os.path.join(workdir, "samconfig.toml"), "rb"))
    check(saved["default"]["deploy"]["parameters"]["parameter_overrides"] == overrides, "answers saved for `make deploy`")
    check(saved["default"]["deploy"]["parameters"]["capabilities"] == "CAPABILITY_NAMED_IAM", "capabilities kept")
    check(saved["default"]["global"]["parameters"]["region"] == "eu-west-1", "region saved")

    # Given a second run, it offers the first run's answers, and "-" clears one.
    code, transcript, args = run(workdir, ["", "", "", "", "-", "", "", ""])
    check(code == 0, f"second run exit {code}\n{transcript}")
    check("[opt-in]" in transcript and "[sec@example.com]" in transcript, "previous answers offered\n" + transcript)
    check('AlarmEmail=""' in args[args.index("--parameter-overrides") + 1], "- clears the alarm e-mail")

    # Given no Brain, its two questions are not asked.

    workdir = fresh()
    code, transcript, args = run(workdir, ["", "", "", "", "", ""])
    check("Brain API" not in transcript and "BrainApi" not in args[args.index("--parameter-overrides") + 1],
          "no Brain questions without a Brain URL")

    # Given input that ends half-way, nothing is deployed and samconfig.toml is untouched.
    workdir = fresh()
    before = open(os.path.join(workdir, "samconfig.toml")).read()
    code, transcript, args = run(workdir, ["", "eu-west-1", "mirrorpilot:role=sensor"])
    check(code not in (0, None) and args is None, f"an interrupted guide deploys nothing: exit {code}, sam {args}")
    check(open(os.path.join(workdir, "samconfig.toml")).read() == before, "samconfig.toml untouched when interrupted")

    print(f"guided deploy: 6 questions (8 with a Brain) of the template's {parameter_count} parameters; 4 checks passed")


if __name__ == "__main__":
    main()
