#!/usr/bin/env python3
"""Every example manifest validates against schemas/customer.schema.json; the schema-error fixtures fail it."""
import glob
import json
import os
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Fixtures whose problem is structural (a schema can see it). The others need the catalog's cross-field rules,
# the clock or several files, which only `flexform validate` checks.
SCHEMA_ERRORS = [
    "02-unknown-keys.yaml", "03-wrong-types.yaml", "04-unknown-product.yaml", "05-unknown-parameter.yaml",
    "06-out-of-range.yaml", "07-off-step.yaml", "08-not-allowed.yaml", "09-missing-required.yaml",
    "10-read-only.yaml", "13-serial-model-mismatch.yaml", "14-form-factor.yaml", "16-bad-names.yaml",
    "17-cloud-twice.yaml", "19-not-a-mapping.yaml", "20-duplicate-key.yaml", "22-project.yaml",
    "23-control-characters.yaml", "24-limits.yaml",
]


def documents(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def main():
    with open(os.path.join(ROOT, "schemas", "customer.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    failures = 0
    examples = sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.yaml"), recursive=True))
    examples = [e for e in examples if "/ci/" not in e and "/emulator/" not in e]
    for path in examples:
        for doc in documents(path):
            errors = list(validator.iter_errors(doc))
            if errors:
                failures += 1
                print(f"FAIL {path}: {errors[0].message}")
    for name in SCHEMA_ERRORS:
        path = os.path.join(ROOT, "tests", "fixtures", "invalid", name)
        try:
            docs = documents(path)
        except yaml.YAMLError:
            continue  # a YAML-level error (duplicate keys are accepted by PyYAML, so they are not here)
        if all(not list(validator.iter_errors(d)) for d in docs):
            failures += 1
            print(f"FAIL {name}: expected a schema error, the schema accepted it")
    # An offer, and a config that names it with only its own serials and an allowed override, are valid; a config
    # with neither product nor offer is not.
    offer = yaml.safe_load("""
apiVersion: flexform/v1
kind: Offer
metadata: {name: branch-gold, label: Branch Gold}
spec:
  product: FGT_HW
  parameters: {device_model: FGT60F, service_pkg: FGHWUTP, addons: [FGHWFAZC]}
  overridable: [addons]
  defaults: {description: "{customer} branch", folderPath: "My Assets/{customer}"}
""")
    customer = yaml.safe_load("""
apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 123}
spec:
  configs:
    - {name: fgt, offer: branch-gold, parameters: {addons: [FGHWSOCA]}, serials: [FGT60FTK20000001]}
""")
    for doc in (offer, customer):
        errors = list(validator.iter_errors(doc))
        if errors:
            failures += 1
            print(f"FAIL offer example {doc['kind']}: {errors[0].message}")
    del customer["spec"]["configs"][0]["offer"]
    bad_offer = dict(offer, spec={"product": "FGT_HW", "parameters": {"device_model": "FGT60F"}, "serials": []})
    for doc in (customer, bad_offer):
        if not list(validator.iter_errors(doc)):
            failures += 1
            print(f"FAIL {doc['kind']} without product/offer or with serials: the schema accepted it")
    print(f"{len(examples)} examples and {len(SCHEMA_ERRORS)} broken fixtures checked, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
