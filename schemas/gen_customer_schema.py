#!/usr/bin/env python3
"""Writes schemas/customer.schema.json (JSON Schema for editors) from schemas/products.json.

The C++ validator is the authority; this schema mirrors its structural rules and the catalog so editors can
complete product codes, parameter keys and values. Run it after editing products.json; a test checks that the
committed schema is current.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,23}$"}
DECIMAL = "^[0-9]+(\\.[0-9]{1,6})?$"  # plain decimals, at most six places (spec.billing)


def parameter_schema(p):
    if p["type"] == "numeric":
        s = {"type": "integer"}
        if p.get("values"):
            s["enum"] = [int(v["value"]) for v in p["values"]]
            return s
        if p.get("allow_zero"):
            return {"anyOf": [{"const": 0}, {"type": "integer", "minimum": p["min"], "maximum": p["max"]}]}
        if p.get("min") is not None:
            s["minimum"] = p["min"]
        if p.get("max") is not None:
            s["maximum"] = p["max"]
        if p.get("step", 1) > 1:
            s["multipleOf"] = p["step"]
        if p.get("legacy_values"):
            return {"anyOf": [s, {"enum": [int(v) for v in p["legacy_values"]]}]}
        return s
    values = [v["value"] for v in p["values"]] + p.get("legacy_values", [])
    if p["type"] == "single":
        return {"type": "string", "enum": values, "description": p.get("description", "")}
    return {"type": "array", "items": {"type": "string", "enum": values}, "uniqueItems": True}


def product_rule(product):
    props = {}
    required = []
    for p in product["parameters"]:
        if p["type"] == "readonly":
            continue
        props[p["key"]] = parameter_schema(p)
        if p.get("required"):
            required.append(p["key"])
    params = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        params["required"] = required
    entitlement_key = {"vm": "vms", "hardware": "serials", "cloud": "cloud"}[product["form_factor"]]
    forbidden = [k for k in ("vms", "serials", "cloud") if k != entitlement_key]
    then = {"properties": {"parameters": params}, "not": {"anyOf": [{"required": [k]} for k in forbidden]}}
    if required:
        then["required"] = ["parameters"]
    # A config naming an offer takes its parameters from the offer: only the overrides are written, and
    # flexform validate checks them against the offer.
    return {"if": {"properties": {"product": {"const": product["code"]}}, "required": ["product"],
                   "not": {"required": ["offer"]}}, "then": then}


# One line of plain text: no control characters (C0, DEL, C1) and no bidi overrides or isolates, as validate refuses.
PLAIN = "[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]"


def plain_text(max_length, min_length=0):
    return {"type": "string", "minLength": min_length, "maxLength": max_length, "pattern": "^" + PLAIN + "*$"}


def limit(bounds):
    number = dict({"type": "number"}, **bounds)
    return {"oneOf": [number, {"type": "object", "additionalProperties": False, "required": ["limit"],
                               "properties": {"limit": number, "action": {"enum": ["warn", "block"]}}}]}


def waivers(rules):
    return {"type": "array", "description": "rules waived by a reviewed change, until a day",
            "items": {"type": "object", "additionalProperties": False, "required": ["rule", "reason", "expires"],
                      "properties": {"rule": {"enum": rules}, "reason": plain_text(255, 1),
                                     "expires": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}}}


def build(catalog):
    codes = [p["code"] for p in catalog["products"]]
    serial = {"type": "string", "pattern": "^[A-Z0-9]{10,20}$"}
    folder = {"type": "string", "maxLength": 255, "pattern": "^My Assets(/" + PLAIN + "*)?$"}
    description = plain_text(255)
    end_date = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    config = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "anyOf": [{"required": ["product"]}, {"required": ["offer"]}],
        "properties": {
            "name": plain_text(128, 1),
            "offer": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,62}$",
                      "description": "the Offer document this configuration's product, parameters and defaults "
                                     "come from"},
            "id": {"type": "integer", "minimum": 1, "description": "pins an existing live configuration"},
            "product": {"type": "string", "enum": codes},
            "description": description,
            "parameters": {"type": "object"},
            "serials": {"type": "array", "items": {"anyOf": [serial, {
                "type": "object", "additionalProperties": False, "required": ["serial"],
                "properties": {"serial": serial, "description": description,
                               "adopt": {"type": "boolean", "description": "may be transferred from an account no "
                                                                           "manifest declares"},
                               "replaces": dict(serial, description="RMA: the serial this unit replaces; the plan "
                                                                    "entitles this one and stops that one in one swap"),
                               "decommission": {"type": "boolean", "description": "with replaces: also remove the "
                                                                                  "replaced unit from FortiFlex"},
                               "endDate": dict(end_date, description="this serial's end date, over its "
                                                                     "configuration's")}}]}},
            "vms": {"type": "object", "additionalProperties": False, "required": ["count"], "properties": {
                "count": {"type": "integer", "minimum": 0, "maximum": 10000},
                "description": description, "folderPath": folder, "skipPending": {"type": "boolean"},
                "regenerateTokenOnStop": {"type": "boolean", "description": "a VM the plan stops also gets a new "
                                                                            "licence token (entitlements/vm/token)"},
                "reactivateUnused": {"type": "boolean"}, "stopFirst": {"type": "array", "items": serial}}},
            "cloud": {"type": ["object", "null"], "additionalProperties": False, "properties": {
                "description": description, "folderPath": folder}},
            "endDate": end_date,
            "adopt": {"type": "boolean",
                      "description": "its serials may be transferred from accounts no manifest declares"},
            "enabled": {"type": "boolean",
                        "description": "false: the configuration stays DISABLED and holds no entitlements"},
            "program": dict(PROGRAM_NAME, description="the program (flexform.yaml spec.programs) billing this "
                                                      "configuration; default: its customer's"),
        },
        "allOf": [product_rule(p) for p in catalog["products"]],
    }
    customer = {
        "type": "object",
        "additionalProperties": False,
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "flexform/v1"},
            "kind": {"const": "Customer"},
            "metadata": {"type": "object", "additionalProperties": False, "required": ["name", "accountId"],
                         "properties": {
                             "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,62}$"},
                             "accountId": {"type": "integer", "minimum": 1},
                             "labels": {"type": "object", "propertyNames": plain_text(63),
                                        "additionalProperties": plain_text(255)}}},
            "spec": {"type": "object", "additionalProperties": False, "properties": {
                "state": {"enum": ["active", "suspended"]},
                "protect": {"type": "boolean"},
                "program": dict(PROGRAM_NAME, description="the program (flexform.yaml spec.programs) billing this "
                                                          "customer's configurations; default: the project's default"),
                "billing": {
                    "type": "object", "additionalProperties": False,
                    "description": "Chargeback terms: a price per point of its own, or a markup on the program's",
                    "properties": {
                        "pricePerPoint": {"type": ["number", "string"], "pattern": DECIMAL},
                        "markupPercent": {"type": ["number", "string"], "pattern": DECIMAL},
                        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}},
                    "oneOf": [{"required": ["pricePerPoint"], "not": {"required": ["markupPercent"]}},
                              {"required": ["markupPercent"],
                               "not": {"anyOf": [{"required": ["pricePerPoint"]}, {"required": ["currency"]}]}}]},
                "budget": {
                    "type": "object", "additionalProperties": False,
                    "description": "what the customer's run-rate may reach after a plan (warn, or block the plan)",
                    "properties": {"perDay": {"type": "number", "minimum": 0, "maximum": 1e12},
                                   "perMonth": {"type": "number", "minimum": 0, "maximum": 1e12},
                                   "action": {"enum": ["warn", "block"]}},
                    "anyOf": [{"required": ["perDay"]}, {"required": ["perMonth"]}]},
                "overrides": waivers(["budget", "budget.perDay", "budget.perMonth"]),
                "configs": {"type": "array", "items": {"$ref": "#/definitions/config"}}}},
        },
    }
    program_policies = {
        "type": "object", "additionalProperties": False,
        "description": "what one plan may do to the program's cost",
        "properties": {
            "maxIncreasePerDay": limit({"minimum": 0, "maximum": 1e12}),
            "maxCommitmentShare": limit({"minimum": 0, "maximum": 1}),
            "maxBalanceShare": limit({"minimum": 0, "maximum": 1}),
            "minRunwayDays": limit({"minimum": 0, "maximum": 1e12})}}
    program_waivers = waivers(["maxIncreasePerDay", "maxCommitmentShare", "maxBalanceShare", "minRunwayDays"])
    program_billing = {
        "type": "object", "additionalProperties": False, "required": ["pricePerPoint", "currency"],
        "description": "The program-wide price per point that customers' markups apply to",
        "properties": {
            "pricePerPoint": {"type": ["number", "string"], "pattern": DECIMAL},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
    program_entry = {
        "type": "object", "additionalProperties": False, "required": ["name", "serialNumber"],
        "properties": {
            "name": PROGRAM_NAME,
            "serialNumber": {"type": "string", "pattern": "^ELAVM[RS][0-9]{10}$"},
            "default": {"type": "boolean", "description": "bills the configurations that name no program"},
            "yearlyCommitment": {"type": "integer", "minimum": 0},
            "billing": program_billing, "policies": program_policies, "overrides": program_waivers,
            "requestsPerMinute": {"type": "integer", "minimum": 0, "maximum": 100000},
            "requestsPerHour": {"type": "integer", "minimum": 0, "maximum": 100000}}}
    project = {
        "type": "object",
        "additionalProperties": False,
        "required": ["apiVersion", "kind", "spec"],
        "properties": {
            "apiVersion": {"const": "flexform/v1"},
            "kind": {"const": "Project"},
            "metadata": {"type": "object", "additionalProperties": False,
                         "properties": {"name": plain_text(64, 1)}},
            "spec": {"type": "object", "additionalProperties": False, "properties": {
                "programSerialNumber": {"type": "string", "pattern": "^ELAVM[RS][0-9]{10}$"},
                "apiUrl": {"type": "string"}, "authUrl": {"type": "string"}, "database": {"type": "string"},
                "yearlyCommitment": {"type": "integer", "minimum": 0},
                "parallelism": {"type": "integer", "minimum": 1, "maximum": 64},
                "requestsPerMinute": {"type": "integer", "minimum": 0, "maximum": 100000},
                "requestsPerHour": {"type": "integer", "minimum": 0, "maximum": 100000},
                "createErrorsPerHour": {"type": "integer", "minimum": 0, "maximum": 100000},
                "readShare": {"type": "number", "exclusiveMinimum": 0, "maximum": 1,
                              "description": "fraction of the request budget read-only commands may use"},
                "requestTimeoutSeconds": {"type": "integer", "minimum": 1, "maximum": 3600,
                                          "description": "how long one API request may take (default 60)"},
                "settleSeconds": {"type": "integer", "minimum": 0, "maximum": 3600,
                                  "description": "margin after the request timeout before a create of unknown "
                                                 "outcome may be proven absent (default 60)"},
                "caBundle": {"type": "string", "description": "PEM file of CAs to trust for the API"},
                "lock": {"enum": ["host", "shared"],
                         "description": "shared: apply refuses unless database is PostgreSQL (a lock every host shares)"},
                "lockDir": {"type": "string", "minLength": 1,
                            "description": "this host's apply lock directory (default /run/lock/flexform)"},
                "policies": program_policies,
                "overrides": program_waivers,
                "billing": program_billing,
                "programs": {"type": "array", "minItems": 1, "items": program_entry,
                             "description": "several programs: each with a short name, its serial and its own rules; "
                                            "one is the default"}}},
        },
    }
    offer = {
        "type": "object",
        "additionalProperties": False,
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "flexform/v1"},
            "kind": {"const": "Offer"},
            "metadata": {"type": "object", "additionalProperties": False, "required": ["name"], "properties": {
                "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,62}$"},
                "label": plain_text(255)}},
            "spec": {
                "type": "object", "additionalProperties": False, "required": ["product"],
                "properties": {
                    "product": {"type": "string", "enum": codes},
                    "parameters": {"type": "object"},
                    "overridable": {"type": "array", "items": {"type": "string"},
                                    "description": "parameters a customer config may set (lists are added to)"},
                    "defaults": {"type": "object", "additionalProperties": False, "properties": {
                        "description": description, "folderPath": folder, "skipPending": {"type": "boolean"},
                        "endDate": end_date}}},
                "allOf": [product_rule(p) for p in catalog["products"]]},
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://flexform.dev/schemas/customer.schema.json",
        "title": "flexform manifest (Customer, Offer or Project)",
        "description": "Generated by schemas/gen_customer_schema.py from schemas/products.json; do not edit.",
        "definitions": {"config": config, "customer": customer, "offer": offer, "project": project},
        "if": {"properties": {"kind": {"const": "Project"}}, "required": ["kind"]},
        "then": {"$ref": "#/definitions/project"},
        "else": {"if": {"properties": {"kind": {"const": "Offer"}}, "required": ["kind"]},
                 "then": {"$ref": "#/definitions/offer"},
                 "else": {"$ref": "#/definitions/customer"}},
    }


def main():
    with open(os.path.join(HERE, "products.json")) as f:
        catalog = json.load(f)
    text = json.dumps(build(catalog), indent=1) + "\n"
    target = os.path.join(HERE, "customer.schema.json")
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        with open(target) as f:
            if f.read() != text:
                print("customer.schema.json is stale: run schemas/gen_customer_schema.py", file=sys.stderr)
                return 1
        return 0
    with open(target, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
