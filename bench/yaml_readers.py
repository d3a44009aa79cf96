"""How fast could another YAML reader turn the customer files into playbook's node trees?

    python bench/yaml_readers.py bench/out/org-10000/content/customers [--repeat 5]

Times, in CPU seconds (best of `--repeat`, the cyclic GC paused as the loader pauses it), over
every .yaml file of a folder:

- `libyaml floor`: `yaml.load(..., Loader=yaml.CSafeLoader)`, the floor `check` is held to;
- `libyaml compose`: PyYAML's libyaml base loader composing node trees, unmodified;
- `read_yaml`: playbook's reader (the same trees and problems, see tests/load/test_yamlio_same_nodes.py);
- with rapidyaml installed (`pip install rapidyaml`, module `ryml`): its parse alone, its parse
  plus a walk that builds the same node classes *without* marks (a lower bound for a rapidyaml
  reader: every node still needs start and end marks), and its parse plus `emit_json` plus
  `json.loads` (values only: no marks, no quoted/plain style).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.core.files import gc_paused
from generator.core.problems import Problems
from generator.load import yamlio


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with gc_paused():
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
    return min(times)


def ryml_runs(datas: list[bytes]) -> dict[str, Callable[[], object]]:
    try:
        import ryml  # type: ignore[import-not-found]
        import ryml._ryml as raw  # type: ignore[import-not-found]
    except ImportError:
        return {}
    tags = dict(yamlio._DEFAULT_TAGS)
    scalar, mapping, sequence = yamlio.ScalarNode, yamlio.MappingNode, yamlio.SequenceNode

    def build(tree: Any, i: int) -> tuple[int, Any, Any]:
        """Node `i` of a freshly parsed tree (ids in document order), its key and the next id."""
        kind = raw.Tree_type(tree, i)
        key = scalar(tags[scalar], str(raw.Tree_key(tree, i), "utf-8"), None, None, "") if kind & ryml.KEY else None
        if kind & (ryml.MAP | ryml.SEQ):
            j, items = i + 1, []
            for _ in range(raw.Tree_num_children(tree, i)):
                j, child_key, child = build(tree, j)
                items.append((child_key, child) if kind & ryml.MAP else child)
            return (j, key, mapping(tags[mapping], items, None, None)) if kind & ryml.MAP else (j, key, sequence(tags[sequence], items, None, None))
        return i + 1, key, scalar(tags[scalar], str(raw.Tree_val(tree, i), "utf-8"), None, None, "")

    def walk() -> None:
        for data in datas:
            tree = ryml.parse_in_arena(data)
            end, _, _ = build(tree, tree.root_id())
            assert end == tree.size(), "rapidyaml numbered the nodes in document order"

    return {
        "ryml parse": lambda: [ryml.parse_in_arena(data) for data in datas],
        "ryml parse + nodes, no marks": walk,
        "ryml parse + emit_json + json.loads": lambda: [
            json.loads(ryml.emit_json(ryml.parse_in_arena(data)), object_pairs_hook=list, parse_float=str, parse_int=str) for data in datas
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.yaml"))
    datas = [path.read_bytes() for path in files]
    sys.stdout.write(f"{len(files)} files, {sum(map(len, datas)) / 1e6:.1f} MB; CPU seconds, best of {args.repeat}\n")
    runs: dict[str, Callable[[], object]] = {
        "libyaml floor (CSafeLoader)": lambda: [yaml.load(data, Loader=yaml.CSafeLoader) for data in datas],
        "libyaml compose (CBaseLoader)": lambda: [list(yaml.compose_all(data, Loader=yaml.CBaseLoader)) for data in datas],
        "read_yaml": lambda: [yamlio.read_yaml(path, Problems(), data) for path, data in zip(files, datas, strict=True)],
        **ryml_runs(datas),
    }
    floor = None
    for name, run in runs.items():
        seconds = best(run, args.repeat)
        floor = floor or max(seconds, 1e-9)
        sys.stdout.write(f"| {name} | {seconds:.2f} | {seconds / floor:.2f}x |\n")


if __name__ == "__main__":
    main()
