#!/usr/bin/env python3
"""Compile Apple's MDM command request schemas (mdm/commands/*.yaml) into Swift.

Palisade never reads YAML at run time: this script turns the request keys of every command into
`CommandPayloadSchema` values in Sources/AppleMDM/Generated/CommandSchemaCatalog.swift, which is committed.
Run it again when the schema folder is updated:

    python3 Tests/AppleMDMTests/Tools/generate_command_schema.py \
        [../shared/data/apple-device-management] [Sources/AppleMDM/Generated/CommandSchemaCatalog.swift]

Paths default to those, relative to the package root. Needs PyYAML.

Interpretation of the schema (see docs/schema.md in the schema folder):
- `presence: required` makes a key required; array element placeholders carry no presence and are ignored.
- `rangelist` becomes the allowed values of a string or integer key.
- A dictionary subkey whose name starts with `ANY` stands for any key name (free-form dictionaries), and so
  does a nested dictionary with no subkeys; a command with no request keys takes none.
- An array has one subkey describing its elements, except `Settings`, whose several dictionary subkeys are
  alternatives chosen by the single allowed value of their `Item` key: that becomes a `variantArray`.
- A scalar array element with subkeys (DeviceInformation `Queries`) lists known values; it is not enforced,
  because Apple adds queries every release and devices ignore unknown ones.
"""

import glob
import hashlib
import os
import sys

import yaml

SCRIPT = "Tests/AppleMDMTests/Tools/generate_command_schema.py"


def swift_string(text):
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def value_schema(key, indent):
    kind = key.get("type")
    pad = "    " * indent
    rangelist = key.get("rangelist") or []
    if kind == "<string>":
        allowed = ", ".join(swift_string(v) for v in rangelist)
        return f".string(allowed: [{allowed}])"
    if kind == "<integer>":
        allowed = ", ".join(str(int(v)) for v in rangelist)
        return f".integer(allowed: [{allowed}])"
    if kind == "<real>":
        return ".real"
    if kind == "<boolean>":
        return ".boolean"
    if kind == "<date>":
        return ".date"
    if kind == "<data>":
        return ".data"
    if kind == "<any>":
        return ".any"
    if kind == "<array>":
        subkeys = key.get("subkeys") or []
        if len(subkeys) == 1:
            return f".array(of: {value_schema(subkeys[0], indent)})"
        if not subkeys:
            return ".array(of: .any)"
        variants = []
        for option in subkeys:
            assert option.get("type") == "<dictionary>", f"array alternative {option.get('key')} is not a dictionary"
            item = next(k for k in option["subkeys"] if k["key"] == "Item")
            assert len(item["rangelist"]) == 1, f"alternative {option.get('key')} has no single Item value"
            variants.append((item["rangelist"][0], option))
        lines = [f".variantArray(discriminator: \"Item\", variants: ["]
        for name, option in variants:
            lines.append(f"{pad}    {swift_string(name)}: {dictionary_schema(option.get('subkeys'), indent + 1)},")
        lines.append(f"{pad}])")
        return "\n".join(lines)
    if kind == "<dictionary>":
        return f".dictionary({dictionary_schema(key.get('subkeys'), indent)})"
    raise ValueError(f"unknown type {kind} for key {key.get('key')}")


def dictionary_schema(subkeys, indent, top_level=False):
    pad = "    " * indent
    subkeys = subkeys or []
    listed = [k for k in subkeys if not str(k.get("key", "")).startswith("ANY")]
    wildcard = [k for k in subkeys if str(k.get("key", "")).startswith("ANY")]
    if not subkeys:
        # A command without request keys takes none; a nested dictionary without subkeys is free-form.
        other = None if top_level else ".any"
    elif wildcard:
        other = value_schema(wildcard[0], indent + 1)
    else:
        other = None
    if not listed:
        keys = "[]"
    else:
        lines = ["["]
        for key in listed:
            required = "true" if key.get("presence") == "required" else "false"
            lines.append(
                f"{pad}    CommandKeySchema({swift_string(key['key'])}, required: {required}, "
                f"{value_schema(key, indent + 1)}),"
            )
        lines.append(f"{pad}]")
        keys = "\n".join(lines)
    if other is None:
        return f"CommandDictionarySchema(keys: {keys})"
    return f"CommandDictionarySchema(keys: {keys}, otherKeys: {other})"


def main():
    schema_dir = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/apple-device-management"
    output = sys.argv[2] if len(sys.argv) > 2 else "Sources/AppleMDM/Generated/CommandSchemaCatalog.swift"
    files = sorted(glob.glob(os.path.join(schema_dir, "mdm", "commands", "*.yaml")))
    if not files:
        sys.exit(f"no command schemas under {schema_dir}/mdm/commands")
    digest = hashlib.sha256()
    commands = {}
    for path in files:
        with open(path, "rb") as handle:
            raw = handle.read()
        digest.update(os.path.basename(path).encode() + b"\0" + raw)
        document = yaml.safe_load(raw)
        request_type = document["payload"]["requesttype"]
        assert request_type not in commands, f"{request_type} defined twice"
        commands[request_type] = (os.path.basename(path), document.get("payloadkeys"))

    out = []
    out.append(f"// Generated by {SCRIPT} from Apple's device-management schema")
    out.append(f"// (mdm/commands/*.yaml: {len(files)} files, SHA-256 {digest.hexdigest()[:16]}).")
    out.append("// Do not edit by hand: change the script or the schema and run it again from the package root.")
    out.append("")
    out.append("/// Apple's request-key schema for every MDM command it documents, by request type.")
    out.append("enum CommandSchemaCatalog {")
    out.append("    static let schemas: [String: CommandPayloadSchema] = [")
    for request_type in sorted(commands):
        out.append(f"        {swift_string(request_type)}: schema{request_type},")
    out.append("    ]")
    for request_type in sorted(commands):
        source, keys = commands[request_type]
        out.append("")
        out.append(f"    /// From `{source}`.")
        out.append(f"    static let schema{request_type} = CommandPayloadSchema(")
        out.append(f"        requestType: {swift_string(request_type)},")
        out.append(f"        parameters: {dictionary_schema(keys, 2, top_level=True)}")
        out.append("    )")
    out.append("}")
    out.append("")
    with open(output, "w") as handle:
        handle.write("\n".join(out))
    print(f"wrote {len(commands)} command schemas to {output}")


if __name__ == "__main__":
    main()
