"""The grader's reports: text, json, junit, gradescope (results.json) and prairielearn
(results.json)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from grader.grade import Result

FORMATS = ("text", "json", "junit", "gradescope", "prairielearn")
EXTENSIONS = {"text": "txt", "json": "json", "junit": "xml", "gradescope": "json", "prairielearn": "json"}


def _points(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def _summary(result: Result) -> str:
    lines = [f"{result.lab.name}: {result.lab.title}"]
    if result.error:
        lines.append(f"grader error: {result.error}")
    if not result.build_ok:
        lines.append("The submission did not build:")
        lines.append(result.build_log.rstrip())
    lines += [f"note: {note}" for note in result.notes]
    if result.spoofed:
        lines.append(f"warning: {len(result.spoofed)} console line(s) imitated the harness's result lines "
                     f"without its nonce (ignored), e.g. {result.spoofed[0]!r}")
    return "\n".join(lines)


def _test_output(test_result) -> str:
    text = test_result.message
    if test_result.output.strip():
        text += "\n--- console output ---\n" + test_result.output
    return text


def _shown(value: float) -> str:
    """Points for people: whole numbers as they are, others with two decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def text(result: Result) -> str:
    lines = [_summary(result), ""]
    width = max([len(t.test.id) for t in result.tests] + [4])
    for t in result.tests:
        mark = "PASS" if t.status == "passed" else "FAIL"
        hidden = " [hidden]" if t.test.hidden else ""
        lines.append(f"{mark} {t.test.id:<{width}} {_shown(t.score):>5}/{_shown(t.test.points):<5} "
                     f"{t.test.name}{hidden}")
        if t.status != "passed":
            lines.append(f"     {t.message}")
    lines += ["", f"Score: {_shown(result.score)}/{_shown(result.max_score)} "
                  f"({result.boots} boot(s), {result.seconds:.1f} s)"]
    return "\n".join(lines) + "\n"


def as_dict(result: Result) -> dict:
    return {
        "lab": result.lab.name, "title": result.lab.title, "submission": result.submission,
        "score": _points(result.score), "max_score": _points(result.max_score),
        "build": {"ok": result.build_ok, "log": result.build_log},
        "notes": result.notes, "spoofed_lines": result.spoofed, "boots": result.boots,
        "seconds": round(result.seconds, 2), "error": result.error,
        "tests": [{
            "id": t.test.id, "name": t.test.name, "score": _points(t.score), "max_score": _points(t.test.points),
            "status": t.status, "passed_checks": t.passed, "checks": t.checks, "message": t.message,
            "output": t.output, "visibility": t.test.visibility, "hidden": t.test.hidden,
            "partial": t.test.partial, "seconds": round(t.seconds, 2),
        } for t in result.tests],
    }


def json_report(result: Result) -> str:
    return json.dumps(as_dict(result), indent=2) + "\n"


def junit(result: Result) -> str:
    failures = sum(1 for t in result.tests if t.status != "passed")
    suites = ET.Element("testsuites", name="quokka-grade", tests=str(len(result.tests)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name=result.lab.name, tests=str(len(result.tests)),
                          failures=str(failures), errors="0", time=f"{result.seconds:.2f}")
    properties = ET.SubElement(suite, "properties")
    for name, value in (("score", result.score), ("max_score", result.max_score), ("build_ok", result.build_ok)):
        ET.SubElement(properties, "property", name=name, value=str(value))
    for t in result.tests:
        case = ET.SubElement(suite, "testcase", classname=result.lab.name, name=f"{t.test.id}: {t.test.name}",
                             time=f"{t.seconds:.2f}")
        if t.status != "passed":
            failure = ET.SubElement(case, "failure", message=_xml_safe(t.message[:500]),
                                    type="build" if not result.build_ok else "test")
            failure.text = _xml_safe(f"{_points(t.score)}/{_points(t.test.points)} points\n{t.message}")
        if t.output:
            ET.SubElement(case, "system-out").text = _xml_safe(t.output)
    if not result.build_ok:
        ET.SubElement(suite, "system-err").text = _xml_safe(result.build_log)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _xml_safe(text: str) -> str:
    """XML 1.0 allows no control characters other than tab, newline and carriage return."""
    return "".join(c if c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff") else "?" for c in text)


def gradescope(result: Result) -> str:
    data = {
        "score": _points(result.score),
        "max_score": _points(result.max_score),
        "output": _summary(result),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [{
            "name": f"{t.test.id}: {t.test.name}", "score": _points(t.score), "max_score": _points(t.test.points),
            "output": _test_output(t), "visibility": t.test.visibility, "status": t.status,
        } for t in result.tests],
    }
    return json.dumps(data, indent=2) + "\n"


def prairielearn(result: Result) -> str:
    max_points = result.max_score
    data = {
        "gradable": not result.error,
        "score": round(result.score / max_points, 6) if max_points > 0 else 0,
        "points": _points(result.score),
        "max_points": _points(max_points),
        "message": _summary(result),
        "output": result.build_log if not result.build_ok else "",
        "tests": [{
            "name": f"{t.test.id}: {t.test.name}", "points": _points(t.score), "max_points": _points(t.test.points),
            "message": t.message, "output": t.output,
        } for t in result.tests],
    }
    return json.dumps(data, indent=2) + "\n"


def render(result: Result, form: str) -> str:
    return {"text": text, "json": json_report, "junit": junit, "gradescope": gradescope,
            "prairielearn": prairielearn}[form](result)
