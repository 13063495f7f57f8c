#!/usr/bin/env python3
"""The plan JSON golden files (with and without policies, one program or several) validate against schemas/plan.schema.json, and a broken plan does not."""
import copy
import json
import os
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    with open(os.path.join(ROOT, "schemas", "plan.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    with open(os.path.join(ROOT, "tests", "golden", "plan.json")) as f:
        plan = json.load(f)
    errors = [e.message for e in validator.iter_errors(plan)]
    with open(os.path.join(ROOT, "tests", "golden", "policies.json")) as f:
        errors += [e.message for e in validator.iter_errors(json.load(f))]
    with open(os.path.join(ROOT, "tests", "golden", "programs_plan.json")) as f:
        programs = json.load(f)
    errors += [e.message for e in validator.iter_errors(programs)]
    if len(programs["programs"]) != 2:
        errors.append("the plan across programs has no two sections")
    unnamed = copy.deepcopy(programs)
    del unnamed["programs"][1]["program_name"]
    if not list(validator.iter_errors(unnamed)):
        errors.append("a section without its program_name was accepted")
    signed = copy.deepcopy(plan)
    signed["signature"] = {"algorithm": "HMAC-SHA-256", "value": "0" * 64}
    errors += [e.message for e in validator.iter_errors(signed)]
    badly_signed = copy.deepcopy(plan)
    badly_signed["signature"] = {"algorithm": "MD5", "value": "x"}
    if not list(validator.iter_errors(badly_signed)):
        errors.append("a signature of another algorithm was accepted")
    broken = copy.deepcopy(plan)
    broken["changes"][0]["action"] = "delete_everything"
    del broken["cost"]
    # The document is a plan or a plan across programs: what is wrong with a broken plan is counted against the first.
    as_plan = jsonschema.Draft7Validator({"$ref": "#/definitions/plan", "definitions": schema["definitions"]})
    caught = len(list(as_plan.iter_errors(broken))) if list(validator.iter_errors(broken)) else 0
    for e in errors:
        print("FAIL golden plan:", e)
    if caught < 2:
        print("FAIL the schema accepted a broken plan")
    print(f"plan schema: {len(errors)} errors in the golden plan, {caught} in the broken one")
    return 0 if not errors and caught >= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
