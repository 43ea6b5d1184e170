#!/usr/bin/env python3
"""Re-verify a Hubs export without the library (docs/auditing.md): JSON Lines (.jsonl) or CSV (.csv), same fields.
Usage: verify_export.py export.jsonl|export.csv [digest.json]   Exit status 0 = every chain intact (and root = digest's)."""
import csv, hashlib, json, sys

def frame(*fields):  # SHA-256 over "<UTF-8 byte length>:<UTF-8 bytes>" of each field, lower-case hex
    return hashlib.sha256(b"".join(b"%d:%s" % (len(f.encode()), f.encode()) for f in fields)).hexdigest()

def rows(path):  # (line number, event) with version and sequence as numbers
    with open(path, encoding="utf-8", newline="") as f:
        if path.endswith(".csv"):
            for n, e in enumerate(csv.DictReader(f), 2):
                e["version"], e["sequence"] = int(e["version"]), int(e["sequence"]); yield n, e
        else:
            for n, line in enumerate(f, 1): yield n, json.loads(line)

heads, count, top, bad = {}, 0, 0, 0
for n, e in rows(sys.argv[1]):
    count += 1; top = max(top, e["sequence"])
    version, previous = heads.get(e["stream"], (0, ""))
    expected = frame("hubs-chain-v1", e["stream"], str(e["version"]), e["type"], e["recordedAt"], e["actor"], e["reason"],
                     e["source"], e["commandId"], e["correlationId"], e["causationId"], e["payload"], previous,
                     *([e["checkpoint"]] if e.get("checkpoint") else []))  # a checkpoint's seal, only where one stands
    if e["version"] != version + 1 or e["hash"] != expected:
        bad += 1; print(f"BREAK line {n}: {e['stream']} version {e['version']} (after version {version})")
    heads[e["stream"]] = (e["version"], e["hash"])
fields = ["hubs-digest-v1", str(count), str(top)]
for key in sorted(heads): fields += [key, str(heads[key][0]), heads[key][1]]
root = frame(*fields)  # equals the digest root when the export holds every stream
print(f"{count} events, {len(heads)} streams, {bad} breaks, root {root}")
if len(sys.argv) > 2 and json.load(open(sys.argv[2], encoding="utf-8"))["root"] != root:
    bad += 1; print("root differs from the digest")
sys.exit(1 if bad else 0)
